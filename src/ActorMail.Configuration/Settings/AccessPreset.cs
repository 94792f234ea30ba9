namespace ActorMail.Configuration;

/// <summary>Base rule of a listener's access list: everyone, or loopback and private ranges only.</summary>
public enum AccessPreset { Any, LanOnly }
