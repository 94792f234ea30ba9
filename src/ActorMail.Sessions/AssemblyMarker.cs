namespace ActorMail.Sessions;
internal static class AssemblyMarker { }
