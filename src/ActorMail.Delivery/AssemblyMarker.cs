namespace ActorMail.Delivery;
internal static class AssemblyMarker { }
