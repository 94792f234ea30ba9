using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Protocols.Imap;
using Akka.Actor;
using Serilog;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// Live updates that survive the mailbox entity: the watch is registered at login, kept while the entity
/// lives, and registered again (with a catch-up of what was missed) when it stops or restarts. Its notices
/// update the selected folder's view and reach an idling client at once.
/// </summary>
/// <remarks>
/// Runs on the session's thread; the session receives the messages and hands them to the <c>On*</c> methods.
/// What needs the actor is passed in: <c>register</c> tells the account's mailbox entity (through the
/// router) to watch the session, <c>scheduleToSelf</c> schedules a message to the session,
/// <c>watchEntity</c>/<c>unwatchEntity</c> watch an entity's termination, <c>close</c> closes the connection.
/// </remarks>
internal sealed class ImapLiveUpdates(
    ImapConversation conversation,
    ImapMailboxQueries mailbox,
    ImapOutput output,
    ILogger log,
    Func<string?> account,
    Func<bool> isClosing,
    Func<bool> idling,
    Action register,
    Func<TimeSpan, object, ICancelable> scheduleToSelf,
    Action<IActorRef> watchEntity,
    Action<IActorRef> unwatchEntity,
    Func<Task> close)
{
    /// <summary>How long an unanswered <see cref="WatchMailbox"/> is waited for before it counts as lost.</summary>
    private static readonly TimeSpan WatchAckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pause before registering with a new incarnation after the entity stopped: a message that reaches the
    /// router (or shard) before it has noticed the stop goes to the dead incarnation and is lost.
    /// </summary>
    private static readonly TimeSpan RewatchAfterStop = TimeSpan.FromMilliseconds(100);

    /// <summary>First pause before registering again after a repeated loss; it doubles up to <see cref="RewatchMaxDelay"/>.</summary>
    private static readonly TimeSpan RewatchFirstDelay = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan RewatchMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>A loss this long after the previous one is registered again at once (the back-off starts over).</summary>
    private static readonly TimeSpan RewatchCalmAfter = TimeSpan.FromMinutes(1);

    private IActorRef? _entity;
    private int _watchGeneration;
    private bool _watchPending;
    private bool _catchUpDue;
    private int _watchLosses;
    private long _lastWatchLoss;
    private ICancelable? _watchTimeout;
    private ICancelable? _rewatch;

    /// <summary>The registration of this generation was not acknowledged in time.</summary>
    public sealed record WatchTimedOut(int Generation);

    /// <summary>The pause before registering again is over.</summary>
    public sealed record RewatchDue;

    public void OnRestarting(MailboxRestarting r)
    {
        if (r.Account == account()) WatchLost("mailbox entity restarting");
    }

    public void OnTerminated(Terminated t)
    {
        if (!t.ActorRef.Equals(_entity)) return;
        _entity = null;
        WatchLost("mailbox entity stopped", RewatchAfterStop);
    }

    public void OnTimedOut(WatchTimedOut t)
    {
        if (t.Generation == _watchGeneration && _watchPending) WatchLost("watch not acknowledged");
    }

    public void OnRewatchDue(RewatchDue _)
    {
        _rewatch = null;
        if (!isClosing() && account() is not null) RequestWatch();
    }

    /// <summary>Registers this session with its account's mailbox entity (through the router, which starts it when needed).</summary>
    public void RequestWatch()
    {
        _watchGeneration++;
        _watchPending = true;
        _watchTimeout?.Cancel();
        _watchTimeout = scheduleToSelf(WatchAckTimeout, new WatchTimedOut(_watchGeneration));
        register();
    }

    /// <summary>
    /// The entity's notices may have been missed: register again (at once the first time, or after
    /// <paramref name="atLeast"/>; with a growing pause while losses keep coming, so a failing entity is
    /// never asked in a busy loop) and catch up once the registration is acknowledged.
    /// </summary>
    private void WatchLost(string reason, TimeSpan? atLeast = null)
    {
        if (isClosing() || account() is null) return;
        _catchUpDue = true;
        _watchPending = false;
        _watchTimeout?.Cancel();
        if (_rewatch is not null) return;

        long now = Environment.TickCount64;
        if (now - _lastWatchLoss > (long)RewatchCalmAfter.TotalMilliseconds) _watchLosses = 0;
        _lastWatchLoss = now;
        var delay = _watchLosses == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMilliseconds(Math.Min(RewatchMaxDelay.TotalMilliseconds, RewatchFirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_watchLosses - 1, 16))));
        if (atLeast is { } minimum && delay < minimum) delay = minimum;
        _watchLosses++;
        log.Information("IMAP live updates interrupted ({Reason}); registering again in {Delay}", reason, delay);
        if (delay == TimeSpan.Zero) RequestWatch();
        else _rewatch = scheduleToSelf(delay, new RewatchDue());
    }

    public async Task OnWatchedAsync(MailboxWatched watched)
    {
        if (isClosing() || watched.Account != account()) return;
        log.Debug("IMAP live updates registered with the mailbox entity");
        _watchPending = false;
        _watchTimeout?.Cancel();
        if (!watched.Entity.Equals(_entity))
        {
            if (_entity is not null) unwatchEntity(_entity);
            _entity = watched.Entity;
            watchEntity(_entity);
        }

        if (!_catchUpDue) return;
        _catchUpDue = false;
        try
        {
            await CatchUpSelectedAsync();
        }
        catch (Exception e) when (e is not IOException)
        {
            // An unanswered or failed query (the entity failing again): retried after a pause.
            WatchLost("catch-up failed: " + e.Message);
        }
    }

    /// <summary>
    /// After a new registration: brings the selected folder's view up to the entity's state, as NOOP would
    /// report it (RFC 9051 §5.5), and announces it at once when idling (else with the next command).
    /// </summary>
    private async Task CatchUpSelectedAsync()
    {
        if (conversation.Selected is not { } sel || conversation.State != ImapState.Selected) return;
        var folder = (await mailbox.FoldersAsync()).Folders.FirstOrDefault(f => f.Id == sel.FolderId);
        if (folder is null || folder.NoSelect)
        {
            sel.Gone = true;
            return;
        }

        sel.Name = folder.Name;
        if (await mailbox.AskAsync(new FolderStatusQuery(sel.Name)) is not FolderStatus status) return;
        var uids = await mailbox.LoadUidsAsync(sel.Name);
        var changed = new List<FlagChange>();
        await mailbox.ForChangedAsync(sel, sel.HighestModSeq, null, m =>
        {
            changed.Add(new FlagChange(m.Uid, m.Flags, m.Keywords, m.ModSeq));
            return Task.CompletedTask;
        });
        if (!ReferenceEquals(conversation.Selected, sel)) return;
        sel.Resynchronize(uids, changed, status.HighestModSeq);

        await PushToIdlerAsync(sel);
    }

    public async Task OnMailboxChangedAsync(MailboxChanged changed)
    {
        if (isClosing() || conversation.Selected is not { } sel || changed.Account != account()) return;
        sel.Apply(changed.Event);
        await PushToIdlerAsync(sel);
    }

    /// <summary>In IDLE, sends what is pending for the selected folder at once (RFC 2177).</summary>
    private async Task PushToIdlerAsync(SelectedMailbox sel)
    {
        if (!idling() || !sel.HasPending) return;
        sel.Flush(conversation.W, allowExpunge: true, conversation.Qresync, conversation.CondStore);
        output.Send();
        try
        {
            await output.FlushAsync();
        }
        catch (IOException)
        {
            await close();
        }
    }

    public void StopTimers()
    {
        _watchTimeout?.Cancel();
        _rewatch?.Cancel();
    }
}
