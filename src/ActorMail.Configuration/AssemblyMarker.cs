namespace ActorMail.Configuration;
internal static class AssemblyMarker { }
