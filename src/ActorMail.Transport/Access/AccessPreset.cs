namespace ActorMail.Transport.Access;

/// <summary>Base set of addresses a listener accepts before its allow and deny lists apply.</summary>
public enum AccessPreset
{
    /// <summary>Every address.</summary>
    Any,

    /// <summary>Loopback, private, link-local and unique-local addresses only.</summary>
    LanOnly,
}
