using ActorMail.Protocols.Imap;
using ActorMail.Protocols.Imap.Commands;

namespace ActorMail.Sessions.Imap;

/// <summary>IDLE (RFC 2177): the selected folder's changes go out at once until the client sends DONE.</summary>
/// <remarks>
/// Runs on the session's thread: <c>conversation</c> is the session's shared state and writer, and
/// <c>beginIdle</c> switches the session's receiver to reading the line that ends the IDLE.
/// </remarks>
internal sealed class ImapIdleHandler(ImapConversation conversation, Action beginIdle)
{
    private string? _idleTag;

    /// <summary>An IDLE is running: what is pending for the selected folder is sent at once.</summary>
    public bool IsIdling => _idleTag is not null;

    public Task IdleAsync(IdleCommand c)
    {
        conversation.W.Continuation("idling");
        beginIdle();
        _idleTag = c.Tag;
        conversation.Selected?.Flush(conversation.W, allowExpunge: true, conversation.Qresync, conversation.CondStore);
        return Task.CompletedTask;
    }

    /// <summary>The client's line that ends the IDLE: DONE, or anything else (answered BAD).</summary>
    public void LineReceived(ImapReceiverEvent.IdleLine idle)
    {
        if (_idleTag is { } tag)
        {
            _idleTag = null;
            if (idle.IsDone) conversation.Tagged(tag, ImapStatus.Ok, null, "IDLE terminated");
            else conversation.Tagged(tag, ImapStatus.Bad, null, "Expected DONE");
        }
    }
}
