namespace ActorMail.Protocols.Smtp.Commands;

/// <summary>AUTH mechanism [initial-response] (RFC 4954 §4).</summary>
/// <param name="Mechanism">Upper-cased SASL mechanism name.</param>
/// <param name="InitialResponse">Base64 initial response; "" when the client sent "=", null when none.</param>
public sealed record AuthCommand(string Mechanism, string? InitialResponse) : SmtpCommand
{
    public override SmtpCommandKind Kind => SmtpCommandKind.Auth;

    public override string ToString() =>
        $"AuthCommand {{ Mechanism = {Mechanism}, InitialResponse = {(InitialResponse is null ? "none" : "***")} }}";

    internal static ParseResult Parse(string args)
    {
        var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2) return SmtpReplies.InvalidArguments;
        var mechanism = parts[0];
        // RFC 4422 §3.1: 1 to 20 characters of A-Z, 0-9, '-', '_'
        if (mechanism.Length > 20 || !mechanism.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return SmtpReplies.InvalidArguments;
        string? initial = null;
        if (parts.Length == 2) initial = parts[1] == "=" ? "" : parts[1];
        return new AuthCommand(mechanism.ToUpperInvariant(), initial);
    }
}
