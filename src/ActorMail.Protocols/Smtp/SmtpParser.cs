using ActorMail.Protocols.Smtp.Commands;

namespace ActorMail.Protocols.Smtp;

/// <summary>Turns one command line into a command record or the error reply to send. Never throws.</summary>
public static class SmtpParser
{
    /// <summary>Parses a command line (without its CRLF).</summary>
    /// <remarks>Verbs and parameter names are case-insensitive (RFC 5321 §2.4).</remarks>
    public static ParseResult Parse(string line, SmtpParserOptions? options = null)
    {
        options ??= SmtpParserOptions.Default;
        line = line.TrimEnd(' ', '\t');
        if (line.Length == 0) return SmtpReplies.SyntaxError;
        foreach (char c in line)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f') return SmtpReplies.SyntaxError;
        }

        int sp = line.IndexOf(' ');
        var verb = sp < 0 ? line : line[..sp];
        var args = sp < 0 ? "" : line[(sp + 1)..].TrimStart(' ');
        if (verb.Length > 8) return SmtpReplies.UnknownCommand;

        return verb.ToUpperInvariant() switch
        {
            "EHLO" => EhloCommand.Parse(args),
            "HELO" => HeloCommand.Parse(args),
            "MAIL" => MailCommand.Parse(args, options),
            "RCPT" => RcptCommand.Parse(args, options),
            "DATA" => DataCommand.Parse(args),
            "BDAT" => BdatCommand.Parse(args),
            "RSET" => RsetCommand.Parse(args),
            "NOOP" => NoopCommand.Parse(args),
            "QUIT" => QuitCommand.Parse(args),
            "HELP" => HelpCommand.Parse(args),
            "VRFY" => VrfyCommand.Parse(args),
            "EXPN" => ExpnCommand.Parse(args),
            "STARTTLS" => StartTlsCommand.Parse(args),
            "AUTH" => AuthCommand.Parse(args),
            _ => SmtpReplies.UnknownCommand,
        };
    }
}
