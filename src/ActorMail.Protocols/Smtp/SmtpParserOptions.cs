namespace ActorMail.Protocols.Smtp;

/// <summary>
/// What the parser accepts: the extensions offered in this session (a parameter of an extension not
/// offered is answered 555) and whether the current transaction is SMTPUTF8.
/// </summary>
public sealed record SmtpParserOptions
{
    public static readonly SmtpParserOptions Default = new();

    /// <summary>A session opened with HELO: no MAIL or RCPT parameters at all.</summary>
    public static readonly SmtpParserOptions Helo = new()
    {
        Size = false, EightBitMime = false, BinaryMime = false, SmtpUtf8 = false, Dsn = false, Auth = false,
    };

    /// <summary>SIZE (RFC 1870).</summary>
    public bool Size { get; init; } = true;

    /// <summary>8BITMIME (RFC 6152): BODY=7BIT|8BITMIME.</summary>
    public bool EightBitMime { get; init; } = true;

    /// <summary>BINARYMIME (RFC 3030): BODY=BINARYMIME.</summary>
    public bool BinaryMime { get; init; }

    /// <summary>SMTPUTF8 (RFC 6531).</summary>
    public bool SmtpUtf8 { get; init; } = true;

    /// <summary>DSN (RFC 3461): RET, ENVID, NOTIFY, ORCPT.</summary>
    public bool Dsn { get; init; } = true;

    /// <summary>AUTH (RFC 4954 §5): the AUTH= parameter of MAIL.</summary>
    public bool Auth { get; init; } = true;

    /// <summary>The transaction's MAIL carried SMTPUTF8, so RCPT may name non-ASCII addresses.</summary>
    public bool Utf8Transaction { get; init; }

    /// <summary>Options matching what an EHLO reply offered.</summary>
    public static SmtpParserOptions From(EhloCapabilities capabilities) => new()
    {
        Size = true,
        EightBitMime = capabilities.EightBitMime,
        BinaryMime = capabilities.BinaryMime,
        SmtpUtf8 = capabilities.SmtpUtf8,
        Dsn = capabilities.Dsn,
        Auth = capabilities.AuthMechanisms.Count > 0,
    };
}
