namespace ActorMail.Protocols;
internal static class AssemblyMarker { }
