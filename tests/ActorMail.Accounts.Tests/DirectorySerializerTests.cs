using System.Collections.Immutable;
using System.Runtime.Serialization;
using ActorMail.Accounts.Events;
using ActorMail.Accounts.Serialization;
using static ActorMail.Accounts.DirectoryCommands;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class DirectorySerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public DirectorySerializerTests() : base(AkkaConfig.InMemory)
    {
    }

    public static TheoryData<IDirectoryEvent> Events() =>
    [
        new DomainAdded("example.com"),
        new DomainRemoved("example.org"),
        new PrimaryDomainChanged("mail.example.net"),
        new UserAdded(A("Ünïcode.User@example.com"), "Ünïcode User", SecretHash, new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.FromHours(2))),
        new UserSettingsChanged(A("a@example.com"), "A", false, [A("x@remote.test"), A("\"quoted@local\"@example.org")], true,
            new SmarthostSettings("relay.test", 587, "user", "p@ss"), "+41 79 000",
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("autoreply", "on"), KeyValuePair.Create("pop.host", "")])),
        new UserSettingsChanged(A("a@example.com"), "", true, [], false, new SmarthostSettings("10.0.0.1", 25), null,
            ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal)),
        new PasswordChanged(A("a@example.com"), "$pbkdf2-sha256$i=1000$c2FsdA$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM+39XTBZsBc"),
        new UserRemoved(A("a@example.com")),
        new AliasTargetAdded(A("team@example.com"), A("a@example.com")),
        new AliasTargetRemoved(A("team@example.com"), A("x@remote.test")),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_round_trips_through_the_bound_serializer(IDirectoryEvent e)
    {
        var serializer = Assert.IsType<DirectorySerializer>(Sys.Serialization.FindSerializerFor(e));
        var bytes = serializer.ToBinary(e);
        Assert.Equal(1, bytes[0]);
        var back = serializer.FromBinary(bytes, serializer.Manifest(e));
        Assert.IsType(e.GetType(), back);
        Assert.Equal(Json.Of(e), Json.Of(back));
        Assert.Equal(bytes, serializer.ToBinary(back));
    }

    [Fact]
    public void Snapshot_round_trips()
    {
        var state = Run(WithUsers("a@example.com", "b@example.org"),
            new SetUser(A("a@example.com"), Forward: [A("b@example.org")], KeepCopy: true, SmsNumber: "123",
                Smarthost: new SmarthostSettings("relay.test", 465, "u", null), Properties: new Dictionary<string, string?> { ["k"] = "v" }),
            new SetUser(A("b@example.org"), Active: false),
            new AddAlias(A("team@example.net"), A("a@example.com")),
            new AddAlias(A("team@example.net"), A("far@remote.test")));
        var serializer = Assert.IsType<DirectorySerializer>(Sys.Serialization.FindSerializerFor(state));
        Assert.Equal(DirectorySerializer.SerializerId, serializer.Identifier);
        var back = Assert.IsType<DirectoryState>(serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state)));
        Assert.Equal(Json.Of(state), Json.Of(back));
        Assert.Equal(state.Revision, back.Revision);
        Assert.True(back.Accounts.ContainsKey("a@example.com"));
        Assert.Equal("example.com", back.PrimaryDomain);

        var empty = serializer.FromBinary(serializer.ToBinary(DirectoryState.Empty), "s");
        Assert.Equal(Json.Of(DirectoryState.Empty), Json.Of(empty));
    }

    [Fact]
    public void Manifests_are_short_and_distinct()
    {
        var serializer = new DirectorySerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var manifests = ((IEnumerable<object[]>)Events()).Select(row => serializer.Manifest(row[0])).Append(serializer.Manifest(DirectoryState.Empty)).Distinct().ToList();
        Assert.Equal(10, manifests.Count);
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 2));
    }

    [Fact]
    public void Newer_payloads_with_appended_fields_still_read()
    {
        var serializer = new DirectorySerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var bytes = serializer.ToBinary(new UserRemoved(A("a@example.com")));
        bytes[0] = 2;
        var longer = bytes.Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Equal(new UserRemoved(A("a@example.com")), serializer.FromBinary(longer, "ur"));
    }

    [Fact]
    public void Malformed_payloads_and_unknown_manifests_fail_cleanly()
    {
        var serializer = new DirectorySerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var bytes = serializer.ToBinary(new UserAdded(A("a@example.com"), "A", SecretHash, T0));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..10], "ua"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "zz"));
        Assert.Throws<ArgumentException>(() => serializer.ToBinary("not an event"));
    }
}
