using System.Diagnostics;
using ActorMail.Core;
using ActorMail.Mailboxes.Store;
using ActorMail.Mailboxes.Store.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;
using E = ActorMail.Mailboxes.Store.Events;

namespace ActorMail.Mailboxes.Tests.Store;

public class SerializerTests(ITestOutputHelper output)
{
    private static readonly BlobRef Hex = TestMailbox.Blob(1);
    private static readonly BlobRef Odd = new("not-a-sha256-hash", 12);

    public static TheoryData<IMailboxEvent> AllEvents() =>
    [
        new E.FolderCreated(7, "Ünï/cødé", SpecialUse.Archive, 1_700_000_000, true),
        new E.FolderRenamed(7, "New/Name"),
        new E.FolderDeleted(int.MaxValue),
        new E.FolderNoSelectSet(3),
        new E.SubscriptionChanged("Not/There", false),
        new E.MessageAdded(1, uint.MaxValue, Hex, long.MaxValue, MessageFlags.Seen | MessageFlags.Draft, ["$a", "b"],
            new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromMinutes(-570)).AddTicks(1234), ulong.MaxValue, "delivery-1"),
        new E.MessageAdded(2, 1, Odd, 0, MessageFlags.None, [], DateTimeOffset.MinValue, 2, null),
        new E.FlagsChanged(1, 99, [new FlagChange(4, MessageFlags.Deleted, ["x"], 99), new FlagChange(uint.MaxValue, MessageFlags.None, [], 99)]),
        new E.FlagsChanged(1, 5, []),
        new E.MessagesExpunged(1, 12, UidSet.Parse("1:3,7,9:4294967295", 0)),
        new E.MessagesExpunged(1, 12, UidSet.Empty),
        new E.RecentClaimed(2, 42),
        new E.MessagesCopied(1, UidSet.Parse("2,4:6", 0), 2, 100, 77),
    ];

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Every_event_survives_a_round_trip(IMailboxEvent e)
    {
        var copy = TestMailbox.RoundTrip(e);
        Assert.Equal(e.GetType(), copy.GetType());
        switch ((e, copy))
        {
            case (E.MessageAdded a, E.MessageAdded b):
                Assert.Equal(a with { Keywords = [] }, b with { Keywords = [] });
                Assert.Equal(a.Keywords, b.Keywords);
                Assert.Equal(a.InternalDate.Offset, b.InternalDate.Offset);
                break;
            case (E.FlagsChanged a, E.FlagsChanged b):
                Assert.Equal((a.FolderId, a.ModSeq), (b.FolderId, b.ModSeq));
                Assert.Equal(a.Changes.Count, b.Changes.Count);
                for (int i = 0; i < a.Changes.Count; i++)
                {
                    Assert.Equal(a.Changes[i] with { Keywords = [] }, b.Changes[i] with { Keywords = [] });
                    Assert.Equal(a.Changes[i].Keywords, b.Changes[i].Keywords);
                }
                break;
            default:
                Assert.Equal(e, copy);
                break;
        }
    }

    [Fact]
    public async Task Akka_finds_the_serializer_through_its_hocon_and_round_trips()
    {
        var config = ConfigurationFactory.ParseString(MailboxSerializer.Hocon)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        using var system = ActorSystem.Create("serializer-test", config);
        try
        {
            var serialization = system.Serialization;
            var e = new E.MessagesCopied(1, UidSet.Parse("1:5", 0), 2, 10, 3);
            var serializer = Assert.IsType<MailboxSerializer>(serialization.FindSerializerFor(e));
            Assert.Equal(1002, serializer.Identifier);
            Assert.Equal("MC", serializer.Manifest(e));
            Assert.Equal(e, serializer.FromBinary(serializer.ToBinary(e), "MC"));

            var box = SampleMailbox();
            var snapshot = MailboxSnapshot.Capture(box.State);
            Assert.IsType<MailboxSerializer>(serialization.FindSerializerFor(snapshot));
            var bytes = serialization.FindSerializerFor(snapshot).ToBinary(snapshot);
            var back = Assert.IsType<MailboxSnapshot>(serialization.Deserialize(bytes, 1002, serializer.Manifest(snapshot)));
            Assert.Equal(SnapshotCodec.Write(box.State), SnapshotCodec.Write(back.Restore()));
            Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serialization.Deserialize(bytes, 1002, "??"));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void A_snapshot_of_several_folders_restores_the_same_state()
    {
        var box = SampleMailbox();
        var restored = MailboxSnapshot.Capture(box.State).Restore();
        Assert.Equal(SnapshotCodec.Write(box.State), SnapshotCodec.Write(restored));
        Assert.Equal(MailboxQueries.ListFolders(box.State), MailboxQueries.ListFolders(restored));
        foreach (var f in box.State.Folders)
        {
            var g = restored.FolderById(f.Id)!;
            Assert.Equal(MailboxQueries.Status(box.State, f.Name), MailboxQueries.Status(restored, g.Name));
            Assert.Equal(f.Expunged, g.Expunged);
            Assert.Equal(f.Keywords, g.Keywords);
            AssertSameMessages(f.Messages, g.Messages);
        }
        Assert.Equal(box.State.RecentDeliveryIds, restored.RecentDeliveryIds);
        Assert.Equal(MailboxQueries.Subscriptions(box.State), MailboxQueries.Subscriptions(restored));
        Assert.Equal(MailboxQueries.BlobHashes(box.State, null, 100), MailboxQueries.BlobHashes(restored, null, 100));
        Assert.Equal((box.State.NextFolderId, box.State.MaxUidValidity), (restored.NextFolderId, restored.MaxUidValidity));

        // The restored state goes on exactly like the original.
        var next = new DeliverMessage("after", TestMailbox.Blob(99), 5, box.Now, "Lists/dev");
        var a = Assert.IsType<MailboxDecision.Success>(MailboxLogic.Decide(box.State, next, box.Now));
        var b = Assert.IsType<MailboxDecision.Success>(MailboxLogic.Decide(restored, next, box.Now));
        Assert.Equal(a.Result, b.Result);
        Assert.True(MailboxLogic.Decide(restored, new DeliverMessage("d1", Hex, 1, box.Now), box.Now) is MailboxDecision.Success { Result: DuplicateDelivery });
        Assert.Equal(new FolderRenamed("Lists", "L2"),
            Assert.IsType<MailboxDecision.Success>(MailboxLogic.Decide(restored, new RenameFolder("Lists", "L2"), box.Now)).Result);
    }

    [Fact]
    public void An_uninitialised_mailbox_round_trips()
    {
        var restored = MailboxSnapshot.Capture(new MailboxState()).Restore();
        Assert.False(restored.IsInitialized);
        Assert.Equal(1, restored.NextFolderId);
    }

    [Fact]
    public void A_hundred_thousand_message_snapshot_round_trips_quickly()
    {
        var state = new MailboxState();
        var start = TestMailbox.Start;
        MailboxLogic.Apply(state, new E.FolderCreated(1, "INBOX", SpecialUse.None, 1_700_000_000, true));
        string[][] keywordSets = [[], ["$Label1"], ["$Label1", "Work"], ["Work"]];
        const int count = 100_000;
        for (int i = 1; i <= count; i++)
        {
            MailboxLogic.Apply(state, new E.MessageAdded(1, (uint)i, TestMailbox.Blob(i % 90_000), 2_000 + i, (MessageFlags)(i % 32),
                keywordSets[i % 4], start.AddSeconds(i).ToOffset(TimeSpan.FromHours(i % 3)), (ulong)i + 1, "d" + i));
        }
        MailboxLogic.Apply(state, new E.MessagesExpunged(1, count + 2, UidSet.Parse("10:20,500", 0)));

        // Best of three runs (the machine is shared): capture, then restore.
        MailboxSnapshot snapshot = null!;
        MailboxState restored = null!;
        double captureMs = double.MaxValue, restoreMs = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            snapshot = MailboxSnapshot.Capture(state);
            captureMs = Math.Min(captureMs, sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            restored = snapshot.Restore();
            restoreMs = Math.Min(restoreMs, sw.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"100,000 messages: {snapshot.Length:N0} bytes, capture {captureMs:F1} ms, restore {restoreMs:F1} ms (aim < 100 ms)");

        Assert.True(restoreMs < 2_000, $"restore took {restoreMs} ms");
        Assert.Equal(count - 12, restored.FindFolder("INBOX")!.Messages.Count);
        AssertSameMessages(state.FindFolder("INBOX")!.Messages, restored.FindFolder("INBOX")!.Messages);
        Assert.Equal(MailboxState.DeliveryIdMemory, restored.RecentDeliveryIds.Count);
        Assert.Equal(state.BlobReferences(TestMailbox.Blob(5).Hash), restored.BlobReferences(TestMailbox.Blob(5).Hash));
        Assert.Equal(SnapshotCodec.Write(state), SnapshotCodec.Write(restored));
    }

    private static void AssertSameMessages(IReadOnlyList<MessageEntry> expected, IReadOnlyList<MessageEntry> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e with { Keywords = [] }, a with { Keywords = [] });
            Assert.Equal(e.InternalDate.Offset, a.InternalDate.Offset);
            Assert.Equal(e.Keywords, a.Keywords);
        }
    }

    private static TestMailbox SampleMailbox()
    {
        var box = new TestMailbox();
        box.Run<Delivered>(new DeliverMessage("d1", Hex, 10, TestMailbox.Start.ToOffset(TimeSpan.FromHours(2))));
        box.Run<Appended>(new AppendMessage("INBOX", Odd, 20, MessageFlags.Seen, ["$Forwarded", "Work"], null));
        for (int i = 2; i <= 6; i++) box.Deliver(i);
        box.Run<FolderCreated>(new CreateFolder("Lists/dev"));
        box.Run<SubscriptionChanged>(new SetSubscription("Lists/dev", true));
        box.Run<SubscriptionChanged>(new SetSubscription("Ghost", true));
        box.Run<Moved>(new MoveMessages("INBOX", UidSet.Parse("2:4", 0), "Lists/dev"));
        box.Run<FlagsStored>(new StoreFlags("Lists/dev", UidSet.Parse("1:*", 10), StoreMode.Add, MessageFlags.Flagged, ["$forwarded", "Other"]));
        box.Run<FlagsStored>(new StoreFlags("INBOX", UidSet.Parse("5", 0), StoreMode.Add, MessageFlags.Deleted, []));
        box.Run<Expunged>(new ExpungeMessages("INBOX"));
        box.Run<RecentClaimed>(new ClaimRecent("INBOX"));
        box.Run<FolderCreated>(new CreateFolder("Gone/Child"));
        box.Run<FolderDeleted>(new DeleteFolder("Gone"));
        box.AssertReplayMatches();
        return box;
    }
}
