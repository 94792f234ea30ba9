namespace ActorMail.Mailboxes;
internal static class AssemblyMarker { }
