namespace ActorMail.Configuration;

/// <summary>Shape of a HOCON value as ActorMail reads it.</summary>
internal enum NodeKind { Object, Array, Scalar, Null, Empty, Substitution }
