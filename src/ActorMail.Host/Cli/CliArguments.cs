using ActorMail.Core;
using SmarthostSettings = ActorMail.Accounts.SmarthostSettings;

namespace ActorMail.Host.Cli;

/// <summary>Parses the domain names, addresses and HOST:PORT values given to admin verbs.</summary>
internal static class CliArguments
{
    public static string Domain(string text) =>
        DomainName.IsValid(text) ? DomainName.Normalize(text) : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid domain name");

    public static MailAddress Address(string text) =>
        MailAddress.TryParse(text, out var a) ? a : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid address");

    public static SmarthostSettings ParseHostPort(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out var port) || port is < 1 or > 65535 || !DomainName.IsValid(text[..colon]))
            throw new CliException(ExitCodes.DataError, $"'{text}' is not HOST:PORT");
        return new SmarthostSettings(text[..colon], port);
    }
}
