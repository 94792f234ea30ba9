using ActorMail.Core;

namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>RCPT TO:&lt;forward-path&gt; [parameters] (RFC 5321 §4.1.1.3).</summary>
/// <param name="Address">The recipient; null only for the bare &lt;Postmaster&gt;.</param>
/// <param name="Notify">NOTIFY= (RFC 3461 §4.1); NEVER excludes the other values.</param>
/// <param name="ORcpt">ORCPT= as "addr-type;address" with the address xtext-decoded (RFC 3461 §4.2).</param>
public sealed record RcptCommand(MailAddress? Address, DsnNotify Notify = DsnNotify.Default, string? ORcpt = null) : SmtpCommand
{
    /// <summary>RFC 3461 §4.2: an ORCPT parameter is at most 500 characters.</summary>
    public const int MaxORcptLength = 500;

    public override SmtpCommandKind Kind => SmtpCommandKind.Rcpt;

    /// <summary>
    /// True for "RCPT TO:&lt;Postmaster&gt;" without a domain, which every server must accept
    /// for its own postmaster (RFC 5321 §4.1.1.3, §4.5.1).
    /// </summary>
    public bool IsBarePostmaster => Address is null;

    internal static ParseResult Parse(string args, SmtpParserOptions options)
    {
        if (SmtpGrammar.SplitPathArgument(args, "TO:", SmtpReplies.BadRecipientSyntax, out var inner, out var paramText) is { } e1)
            return e1;
        if (SmtpGrammar.ParseParameters(paramText, options.Utf8Transaction, out var parameters) is { } e2) return e2;

        var notify = DsnNotify.Default;
        string? orcpt = null;
        foreach (var p in parameters)
        {
            switch (p.Keyword)
            {
                case "NOTIFY" when options.Dsn:
                    if (p.Value is null || ParseNotify(p.Value) is not { } n) return SmtpReplies.InvalidParameterValue;
                    notify = n;
                    break;
                case "ORCPT" when options.Dsn:
                    if (p.Value is null || ParseORcpt(p.Value, options.Utf8Transaction) is not { } o)
                        return SmtpReplies.InvalidParameterValue;
                    orcpt = o;
                    break;
                default:
                    return SmtpReplies.ParamNotRecognized;
            }
        }

        if (inner.Equals("postmaster", StringComparison.OrdinalIgnoreCase)) return new RcptCommand(null, notify, orcpt);
        if (inner.Length == 0) return SmtpReplies.BadRecipientSyntax;
        if (SmtpGrammar.ParseMailbox(inner, sender: false, allowUtf8: options.Utf8Transaction, out var address) is { } e3)
            return e3;
        return new RcptCommand(address, notify, orcpt);
    }

    private static DsnNotify? ParseNotify(string value)
    {
        var result = DsnNotify.Default;
        foreach (var item in value.Split(','))
        {
            var flag = item.ToUpperInvariant() switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => (DsnNotify?)null,
            };
            if (flag is null) return null;
            result |= flag.Value;
        }
        if (result.HasFlag(DsnNotify.Never) && result != DsnNotify.Never) return null;
        return result;
    }

    private static string? ParseORcpt(string value, bool allowUtf8)
    {
        if (value.Length > MaxORcptLength) return null;
        int semi = value.IndexOf(';');
        if (semi <= 0 || semi == value.Length - 1) return null;
        var type = value[..semi];
        if (!type.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return null;
        if (!XText.TryDecode(value[(semi + 1)..], allowUtf8, out var address) || address.Any(char.IsControl)) return null;
        return type + ";" + address;
    }
}
