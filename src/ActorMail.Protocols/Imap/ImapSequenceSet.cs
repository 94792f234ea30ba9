using ActorMail.Core;

namespace ActorMail.Protocols.Imap;

/// <summary>
/// A sequence-set as written by the client (message numbers or UIDs), kept unresolved because "*"
/// stands for the largest number in use when the command runs; or "$", the saved search result (RFC 5182).
/// </summary>
public sealed record ImapSequenceSet
{
    private ImapSequenceSet(string text) => Text = text;

    /// <summary>The client's text, e.g. <c>1:*</c> or <c>$</c>.</summary>
    public string Text { get; }

    /// <summary>"$": the result saved by an earlier SEARCH RETURN (SAVE).</summary>
    public bool IsSaved => Text == "$";

    /// <summary>Validates the syntax: no 0, no leading zeros, no empty items, 32-bit values.</summary>
    public static bool TryParse(string text, out ImapSequenceSet set)
    {
        set = null!;
        if (text == "$" || UidSet.TryParse(text, uint.MaxValue, out _))
        {
            set = new ImapSequenceSet(text);
            return true;
        }
        return false;
    }

    /// <summary>The set with "*" standing for <paramref name="max"/> (0 when the mailbox is empty), normalised.</summary>
    /// <exception cref="InvalidOperationException">for "$", which the session resolves itself.</exception>
    public UidSet Resolve(uint max)
    {
        if (IsSaved) throw new InvalidOperationException("the saved search result is resolved by the session");
        return UidSet.Parse(Text, max);
    }

    public override string ToString() => Text;
}
