using System.Globalization;
using System.Text;

namespace ActorMail.Protocols.Imap.Fetch;

/// <summary>What part of a body section is meant (RFC 9051 §6.4.5, section-msgtext / section-text).</summary>
public enum BodySectionKind
{
    /// <summary>The whole message or body part (<c>BODY[]</c>, <c>BODY[1.2]</c>).</summary>
    Full,
    Header,
    HeaderFields,
    HeaderFieldsNot,
    Text,

    /// <summary>The MIME header of a body part; only after a part number.</summary>
    Mime,
}

/// <summary>A section specification: part numbers (empty for the top level), a kind, and header field names.</summary>
public sealed record BodySection(IReadOnlyList<uint> Part, BodySectionKind Kind, IReadOnlyList<string> Fields)
{
    /// <summary>The canonical section text as echoed in FETCH responses, e.g. <c>1.2.HEADER.FIELDS (FROM TO)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var n in Part)
        {
            if (sb.Length > 0) sb.Append('.');
            sb.Append(n.ToString(CultureInfo.InvariantCulture));
        }
        string text = Kind switch
        {
            BodySectionKind.Header => "HEADER",
            BodySectionKind.HeaderFields => "HEADER.FIELDS",
            BodySectionKind.HeaderFieldsNot => "HEADER.FIELDS.NOT",
            BodySectionKind.Text => "TEXT",
            BodySectionKind.Mime => "MIME",
            _ => "",
        };
        if (text.Length > 0)
        {
            if (sb.Length > 0) sb.Append('.');
            sb.Append(text);
        }
        if (Kind is BodySectionKind.HeaderFields or BodySectionKind.HeaderFieldsNot)
            sb.Append(" (").AppendJoin(' ', Fields).Append(')');
        return sb.ToString();
    }
}
