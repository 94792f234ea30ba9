using ActorMail.Accounts.Serialization;
using ActorMail.Mailboxes.Store.Serialization;
using ActorMail.TestSupport;

namespace ActorMail.Delivery.Tests;

/// <summary>A SQLite journal for delivery specs, with the directory, mailbox and delivery serializers.</summary>
internal sealed class SqliteNode() : SqliteActorNode("actormail-delivery-", DirectorySerializer.Hocon, MailboxSerializer.Hocon, DeliverySerializer.Hocon);
