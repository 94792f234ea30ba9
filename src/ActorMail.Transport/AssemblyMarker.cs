namespace ActorMail.Transport;
internal static class AssemblyMarker { }
