using System.Security.Cryptography;
using System.Text;
using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Mailboxes.Store.Serialization;

namespace ActorMail.Mailboxes.Tests.Store;

/// <summary>
/// Drives <see cref="MailboxLogic"/> like the actor does: decide, then apply each event. Every event is
/// applied after a binary round trip, and the decision is checked not to have changed the state.
/// </summary>
internal sealed class TestMailbox
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public MailboxState State { get; } = new();
    public List<IMailboxEvent> Events { get; } = [];
    public DateTimeOffset Now { get; set; } = Start;
    public bool CheckDecideIsPure { get; set; } = true;

    public static BlobRef Blob(int n) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("blob" + n))), 1000 + n);

    public MailboxDecision Decide(MailboxCommand command)
    {
        byte[]? before = CheckDecideIsPure ? SnapshotCodec.Write(State) : null;
        var decision = MailboxLogic.Decide(State, command, Now);
        if (before is not null) Assert.Equal(before, SnapshotCodec.Write(State));
        return decision;
    }

    public T Run<T>(MailboxCommand command) where T : MailboxResult
    {
        var success = Assert.IsType<MailboxDecision.Success>(Decide(command));
        foreach (var e in success.Events)
        {
            Events.Add(e);
            Assert.Same(State, MailboxLogic.Apply(State, RoundTrip(e)));
        }
        return Assert.IsAssignableFrom<T>(success.Result);
    }

    public IReadOnlyList<IMailboxEvent> EventsOf(MailboxCommand command)
    {
        int before = Events.Count;
        Run<MailboxResult>(command);
        return Events.Skip(before).ToList();
    }

    public MailboxError Fail(MailboxCommand command)
    {
        var failure = Assert.IsType<MailboxDecision.Failure>(Decide(command));
        Assert.False(string.IsNullOrWhiteSpace(failure.Text));
        return failure.Code;
    }

    public uint Deliver(int blob, string folder = "INBOX", string? id = null) =>
        Run<Delivered>(new DeliverMessage(id ?? Guid.NewGuid().ToString("N"), Blob(blob), 100 + blob, Now, folder)).Uid;

    public uint Append(string folder, int blob, MessageFlags flags = MessageFlags.None, params string[] keywords) =>
        Run<Appended>(new AppendMessage(folder, Blob(blob), 100 + blob, flags, keywords, null)).Uid;

    public MailboxFolder Folder(string name) => State.FindFolder(name) ?? throw new InvalidOperationException(name);

    public MessageEntry Message(string folder, uint uid) => Folder(folder).Messages.Single(m => m.Uid == uid);

    public uint[] Uids(string folder) => Folder(folder).Messages.Select(m => m.Uid).ToArray();

    /// <summary>Replays the recorded events on a fresh state and compares both encodings.</summary>
    public void AssertReplayMatches()
    {
        var replay = new MailboxState();
        foreach (var e in Events) MailboxLogic.Apply(replay, e);
        Assert.Equal(SnapshotCodec.Write(State), SnapshotCodec.Write(replay));
    }

    public static IMailboxEvent RoundTrip(IMailboxEvent e)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) EventCodec.Write(w, e);
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        var copy = EventCodec.Read(r, EventCodec.Manifest(e));
        Assert.Equal(stream.Length, stream.Position);
        return copy;
    }
}
