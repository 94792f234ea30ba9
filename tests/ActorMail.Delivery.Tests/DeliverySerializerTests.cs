using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using ActorMail.Delivery.Queue;
using Akka.Actor;

namespace ActorMail.Delivery.Tests;

public sealed class DeliverySerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("ser");
    private readonly DeliverySerializer _serializer;

    public DeliverySerializerTests() => _serializer = new DeliverySerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly BlobRef Blob = new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2, 3 })), 12345);

    private static MessageIngested Ingested(long seq) => new(seq,
        new MailEnvelope(MailAddress.Parse("\"odd name\"@Sender.Test"),
            new[] { new EnvelopeRecipient(MailAddress.Parse("a@local.test"), DsnNotify.Success | DsnNotify.Failure, "rfc822;a@local.test") },
            DsnReturn.Headers, "env-1", "a@local.test"),
        Blob, new[] { "a@local.test", "b@local.test" }, new[] { new EnvelopeRecipient(MailAddress.Parse("x@remote.test")) }, T0);

    private T RoundTrip<T>(T value) where T : notnull
    {
        var bytes = _serializer.ToBinary(value);
        return (T)_serializer.FromBinary(bytes, _serializer.Manifest(value));
    }

    [Fact]
    public void Ingest_events_round_trip()
    {
        var m = RoundTrip(Ingested(7));
        Assert.Equal(7, m.Seq);
        Assert.Equal("\"odd name\"@sender.test", m.Envelope.Sender!.Value.ToString());
        Assert.Equal(DsnReturn.Headers, m.Envelope.Return);
        Assert.Equal("env-1", m.Envelope.EnvelopeId);
        Assert.Equal("a@local.test", m.Envelope.AuthenticatedUser);
        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, m.Envelope.Recipients[0].Notify);
        Assert.Equal("rfc822;a@local.test", m.Envelope.Recipients[0].OriginalRecipient);
        Assert.Equal(Blob, m.Blob);
        Assert.Equal(new[] { "a@local.test", "b@local.test" }, m.LocalAccounts);
        Assert.Equal("x@remote.test", m.Remote[0].Address.ToString());
        Assert.Equal(T0, m.ReceivedAt);

        var other = new BlobRef(new string('c', 64), 99);
        var both = RoundTrip(Ingested(8) with { RemoteBlob = other });
        Assert.Equal(other, both.RemoteBlob);
        Assert.Equal(other, both.BlobForRemote);
        Assert.Null(m.RemoteBlob);
        Assert.Equal(Blob, m.BlobForRemote);

        var s = RoundTrip(new IngestSettled(new long[] { 1, 2, 300000000000 }));
        Assert.Equal(new long[] { 1, 2, 300000000000 }, s.Seqs);

        var snap = RoundTrip(new IngestSnapshot(9, new[] { Ingested(3), Ingested(8) }));
        Assert.Equal(9, snap.NextSeq);
        Assert.Equal(new long[] { 3, 8 }, snap.Pending.Select(p => p.Seq));
    }

    [Fact]
    public void Null_sender_round_trips()
    {
        var m = Ingested(1) with { Envelope = new MailEnvelope(null, Array.Empty<EnvelopeRecipient>()) };
        Assert.Null(RoundTrip(m).Envelope.Sender);
    }

    [Fact]
    public void Queue_events_and_snapshot_round_trip()
    {
        var entry = QueueLogic.NewEntry("n:1", Ingested(1).Envelope, Blob, new[] { new EnvelopeRecipient(MailAddress.Parse("x@remote.test"), DsnNotify.Never) }, T0);
        var q = RoundTrip(new MessageQueued(entry)).Message;
        Assert.Equal(entry.Id, q.Id);
        Assert.Equal(entry.Sender, q.Sender);
        Assert.Equal(DsnNotify.Never, q.Recipients[0].Notify);
        Assert.Equal(T0, q.Recipients[0].NextAttempt);

        Assert.Equal("n:1", RoundTrip(new MessageDeleted("n:1")).Id);
        Assert.Equal(T0, RoundTrip(new QueueFlushed(T0)).At);
        var a = RoundTrip(new RecipientAttempted("n:1", "x@remote.test", RecipientStatus.Pending, T0.AddMinutes(5), "451 later", T0));
        Assert.Equal((RecipientStatus.Pending, (DateTimeOffset?)T0.AddMinutes(5), "451 later"), (a.Status, a.NextAttempt, a.Error));
        Assert.Null(RoundTrip(new ConnectionOverrideSet(null)).Mode);
        Assert.Equal(ConnectionMode.Offline, RoundTrip(new ConnectionOverrideSet(ConnectionMode.Offline)).Mode);

        var state = QueueLogic.Apply(QueueState.Empty with { ConnectionOverride = ConnectionMode.Offline }, new MessageQueued(entry));
        state = state.Remember("gone:1");
        var back = RoundTrip(new QueueSnapshot(state)).State;
        Assert.Equal(ConnectionMode.Offline, back.ConnectionOverride);
        Assert.Contains("gone:1", back.RecentIds);
        Assert.Contains("n:1", back.RecentIds);
        Assert.Equal("n:1", Assert.Single(back.Messages).Key);
    }

    [Fact]
    public void Unknown_version_is_refused()
    {
        var bytes = _serializer.ToBinary(new MessageDeleted("x"));
        bytes[0] = 99;
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary(bytes, "D"));
    }
}
