namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>EHLO domain / address-literal (RFC 5321 §4.1.1.1).</summary>
public sealed record EhloCommand(string Domain) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Ehlo;

    /// <summary>True when the client named itself by an address literal such as [192.0.2.1].</summary>
    public bool IsAddressLiteral => Domain.StartsWith('[');

    internal static ParseResult Parse(string args) =>
        ParseDomain(args, out var domain) is { } error ? error : new EhloCommand(domain);

    /// <summary>The HELO/EHLO argument: one host name or address literal.</summary>
    /// <remarks>Underscores are tolerated: many clients send their NetBIOS-style host name.</remarks>
    internal static SmtpReply? ParseDomain(string args, out string domain)
    {
        domain = args;
        if (args.Length == 0 || args.Contains(' ') || !SmtpGrammar.IsHeloDomain(args)) return SmtpReplies.InvalidDomain;
        return null;
    }
}
