using ActorMail.Sessions.Common;

namespace ActorMail.Sessions;

/// <summary>Every protocol server the node starts, in this order.</summary>
public static class ProtocolServers
{
    public static IReadOnlyList<IProtocolServer> All() => new IProtocolServer[]
    {
    };
}
