using ActorMail.Accounts.Serialization;
using Akka.Configuration;

namespace ActorMail.Accounts.Tests;

internal static class AkkaConfig
{
    /// <summary>In-memory journal and snapshot store (shared by every actor of one ActorSystem) plus the directory serializer.</summary>
    public static Config InMemory => ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(ConfigurationFactory.ParseString(DirectorySerializer.Hocon));
}
