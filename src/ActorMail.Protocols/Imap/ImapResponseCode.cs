using System.Globalization;
using ActorMail.Core;

namespace ActorMail.Protocols.Imap;

/// <summary>Texts of response codes, without brackets, for <see cref="ImapWriter.Status"/> (RFC 9051 §7.1, RFC 5530).</summary>
public static class ImapResponseCode
{
    public const string TryCreate = "TRYCREATE";
    public const string TooBig = "TOOBIG";
    public const string NoModSeq = "NOMODSEQ";
    public const string Closed = "CLOSED";
    public const string AlreadyExists = "ALREADYEXISTS";
    public const string Nonexistent = "NONEXISTENT";
    public const string Cannot = "CANNOT";
    public const string AuthenticationFailed = "AUTHENTICATIONFAILED";
    public const string Unavailable = "UNAVAILABLE";
    public const string Limit = "LIMIT";
    public const string ServerBug = "SERVERBUG";
    public const string ClientBug = "CLIENTBUG";
    public const string ReadOnly = "READ-ONLY";
    public const string ReadWrite = "READ-WRITE";
    public const string Alert = "ALERT";
    public const string Parse = "PARSE";
    public const string UseAttr = "USEATTR";
    public const string ExpungeIssued = "EXPUNGEISSUED";
    public const string PrivacyRequired = "PRIVACYREQUIRED";
    public const string Contactadmin = "CONTACTADMIN";

    public static string UidValidity(uint value) => "UIDVALIDITY " + N(value);

    public static string UidNext(uint value) => "UIDNEXT " + N(value);

    public static string Unseen(uint sequenceNumber) => "UNSEEN " + N(sequenceNumber);

    public static string HighestModSeq(ulong value) => "HIGHESTMODSEQ " + N(value);

    /// <summary><c>PERMANENTFLAGS (...)</c>; <paramref name="newKeywords"/> adds <c>\*</c>.</summary>
    public static string PermanentFlags(MessageFlags flags, IEnumerable<string>? keywords, bool newKeywords)
    {
        var parts = new List<string>();
        if (flags.HasFlag(MessageFlags.Answered)) parts.Add("\\Answered");
        if (flags.HasFlag(MessageFlags.Flagged)) parts.Add("\\Flagged");
        if (flags.HasFlag(MessageFlags.Deleted)) parts.Add("\\Deleted");
        if (flags.HasFlag(MessageFlags.Seen)) parts.Add("\\Seen");
        if (flags.HasFlag(MessageFlags.Draft)) parts.Add("\\Draft");
        if (keywords is not null) parts.AddRange(keywords);
        if (newKeywords) parts.Add("\\*");
        return "PERMANENTFLAGS (" + string.Join(' ', parts) + ")";
    }

    /// <summary><c>APPENDUID uidvalidity uid-set</c> (RFC 4315 §3).</summary>
    public static string AppendUid(uint uidValidity, UidSet uids) => $"APPENDUID {N(uidValidity)} {uids}";

    /// <summary><c>COPYUID uidvalidity source-uids destination-uids</c> (RFC 4315 §3), both sets in ascending correspondence.</summary>
    public static string CopyUid(uint uidValidity, UidSet source, UidSet destination) => $"COPYUID {N(uidValidity)} {source} {destination}";

    /// <summary><c>MODIFIED set</c> (RFC 7162 §3.1.3): messages that failed UNCHANGEDSINCE.</summary>
    public static string Modified(UidSet set) => "MODIFIED " + set;

    /// <summary><c>CAPABILITY ...</c>.</summary>
    public static string Capability(IEnumerable<string> capabilities) => "CAPABILITY " + string.Join(' ', capabilities);

    /// <summary><c>BADCHARSET (...)</c>: the search charsets ActorMail accepts.</summary>
    public static string BadCharset => "BADCHARSET (US-ASCII UTF-8)";

    private static string N(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
