using System.Globalization;

namespace ActorMail.Protocols.Pop3;

/// <summary>POP3 unique-ids derived from the IMAP UIDVALIDITY and UID of a message.</summary>
/// <remarks>
/// RFC 1939 §7: 1 to 70 characters in 0x21..0x7E, stable across sessions. Sixteen lower-case hex digits,
/// UIDVALIDITY then UID, each zero-padded to eight: the mapping is one-to-one, so ids are unique per message and
/// change only when the mailbox's UIDVALIDITY does.
/// </remarks>
public static class Pop3Uidl
{
    /// <summary>Length of every id made by <see cref="Make"/>.</summary>
    public const int Length = 16;

    /// <summary>The unique-id of the message with <paramref name="uid"/> in a mailbox with <paramref name="uidValidity"/>.</summary>
    public static string Make(uint uidValidity, uint uid) =>
        string.Create(CultureInfo.InvariantCulture, $"{uidValidity:x8}{uid:x8}");

    /// <summary>Reverses <see cref="Make"/>; false for any other text.</summary>
    public static bool TryParse(string id, out uint uidValidity, out uint uid)
    {
        uidValidity = uid = 0;
        if (id.Length != Length)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return uint.TryParse(id.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uidValidity)
            && uint.TryParse(id.AsSpan(8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uid);
    }
}
