namespace ActorMail.Storage;
internal static class AssemblyMarker { }
