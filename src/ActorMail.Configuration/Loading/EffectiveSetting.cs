namespace ActorMail.Configuration;

/// <summary>The effective value of one reference key and the layer it came from.</summary>
/// <param name="Path">Full HOCON path, e.g. actormail.smtp.port.</param>
/// <param name="Value">The value as HOCON text (derived values filled in; secrets not masked).</param>
/// <param name="Origin">"reference", "file /path", "environment ACTORMAIL__...", "--data" or "derived".</param>
/// <param name="IsSecret">True for keys whose value is masked when shown (for connection strings, their password part).</param>
public sealed record EffectiveSetting(string Path, string Value, string Origin, bool IsSecret);
