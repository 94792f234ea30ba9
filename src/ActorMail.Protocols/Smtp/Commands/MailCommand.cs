using ActorMail.Core;

namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>MAIL FROM:&lt;reverse-path&gt; [parameters] (RFC 5321 §4.1.1.2).</summary>
/// <param name="ReversePath">The sender; null for the null reverse-path &lt;&gt;.</param>
/// <param name="Size">SIZE= declared message size (RFC 1870); long.MaxValue when larger than a long.</param>
/// <param name="Body">BODY= (RFC 6152, RFC 3030).</param>
/// <param name="SmtpUtf8">SMTPUTF8 was given (RFC 6531).</param>
/// <param name="Ret">RET= (RFC 3461 §4.3).</param>
/// <param name="EnvId">ENVID=, xtext-decoded (RFC 3461 §4.4).</param>
/// <param name="Auth">AUTH=, xtext-decoded; "&lt;&gt;" when the client asserted no identity (RFC 4954 §5).</param>
public sealed record MailCommand(
    MailAddress? ReversePath,
    long? Size = null,
    MailBody Body = MailBody.Unspecified,
    bool SmtpUtf8 = false,
    DsnReturn Ret = DsnReturn.Default,
    string? EnvId = null,
    string? Auth = null) : SmtpCommand
{
    /// <summary>RFC 3461 §4.4: at most 100 characters.</summary>
    public const int MaxEnvIdLength = 100;

    public override SmtpCommandKind Kind => SmtpCommandKind.Mail;

    internal static ParseResult Parse(string args, SmtpParserOptions options)
    {
        if (SmtpGrammar.SplitPathArgument(args, "FROM:", SmtpReplies.BadSenderSyntax, out var inner, out var paramText) is { } e1)
            return e1;
        if (SmtpGrammar.ParseParameters(paramText, options.SmtpUtf8, out var parameters) is { } e2) return e2;

        long? size = null;
        var body = MailBody.Unspecified;
        bool utf8 = false;
        var ret = DsnReturn.Default;
        string? envId = null;
        string? auth = null;
        foreach (var p in parameters)
        {
            switch (p.Keyword)
            {
                case "SIZE" when options.Size:
                    if (p.Value is null || p.Value.Length > 20 || !p.Value.All(char.IsAsciiDigit))
                        return SmtpReplies.InvalidParameterValue;
                    size = long.TryParse(p.Value, System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
                    break;
                case "BODY" when options.EightBitMime || options.BinaryMime:
                    switch (p.Value?.ToUpperInvariant())
                    {
                        case "7BIT": body = MailBody.SevenBit; break;
                        case "8BITMIME" when options.EightBitMime: body = MailBody.EightBitMime; break;
                        case "BINARYMIME" when options.BinaryMime: body = MailBody.BinaryMime; break;
                        case "8BITMIME" or "BINARYMIME": return SmtpReplies.ParamNotRecognized;
                        default: return SmtpReplies.InvalidParameterValue;
                    }
                    break;
                case "SMTPUTF8" when options.SmtpUtf8:
                    if (p.Value is not null) return SmtpReplies.InvalidParameterValue;
                    utf8 = true;
                    break;
                case "RET" when options.Dsn:
                    switch (p.Value?.ToUpperInvariant())
                    {
                        case "FULL": ret = DsnReturn.Full; break;
                        case "HDRS": ret = DsnReturn.Headers; break;
                        default: return SmtpReplies.InvalidParameterValue;
                    }
                    break;
                case "ENVID" when options.Dsn:
                    if (p.Value is null || !XText.TryDecode(p.Value, options.SmtpUtf8, out var id) ||
                        id.Length > MaxEnvIdLength || id.Any(char.IsControl))
                        return SmtpReplies.InvalidParameterValue;
                    envId = id;
                    break;
                case "AUTH" when options.Auth:
                    if (p.Value is null || !XText.TryDecode(p.Value, options.SmtpUtf8, out var identity) ||
                        identity.Any(char.IsControl))
                        return SmtpReplies.InvalidParameterValue;
                    auth = identity;
                    break;
                default:
                    return SmtpReplies.ParamNotRecognized;
            }
        }

        if (inner.Length == 0) return new MailCommand(null, size, body, utf8, ret, envId, auth);
        if (SmtpGrammar.ParseMailbox(inner, sender: true, allowUtf8: utf8, out var address) is { } e3) return e3;
        return new MailCommand(address, size, body, utf8, ret, envId, auth);
    }
}
