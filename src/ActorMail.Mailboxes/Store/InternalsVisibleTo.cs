using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ActorMail.Mailboxes.Tests")]
