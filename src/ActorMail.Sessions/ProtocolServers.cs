using ActorMail.Sessions.Common;
using ActorMail.Sessions.Smtp;
using ActorMail.Sessions.Pop3;
using ActorMail.Sessions.Imap;

namespace ActorMail.Sessions;

/// <summary>Every protocol server the node starts, in this order.</summary>
public static class ProtocolServers
{
    public static IReadOnlyList<IProtocolServer> All() => new IProtocolServer[]
    {
        new SmtpServer(),
        new Pop3Server(),
        new ImapServer(),
    };
}
