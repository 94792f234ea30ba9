using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.TestSupport;

namespace ActorMail.Mailboxes.Tests.Actors;

/// <summary>A SQLite journal for mailbox entity specs, with the mailbox serializer.</summary>
internal sealed class SqliteNode() : SqliteActorNode("actormail-mailbox-actors-", MailboxSerializer.Hocon);
