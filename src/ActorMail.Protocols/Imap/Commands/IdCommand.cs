namespace ActorMail.Protocols.Imap.Commands;

/// <summary>ID (field value ...) or ID NIL (RFC 2971); at most 30 fields, keys up to 30 octets, values up to 1024.</summary>
public sealed record IdCommand(string Tag, IReadOnlyList<KeyValuePair<string, string?>> Fields) : ImapCommand(Tag)
{
    public override string Name => "ID";

    internal static IdCommand Parse(string tag, ImapReader r)
    {
        r.Space();
        var fields = new List<KeyValuePair<string, string?>>();
        if (r.Peek() != '(')
        {
            if (r.Keyword() != "NIL") throw ImapReader.Error(ImapErrors.InvalidString);
        }
        else
        {
            r.Open();
            while (r.Peek() != ')')
            {
                var key = r.StringBytes();
                r.Space();
                var value = r.NStringBytes();
                if (key.Length > 30 || value?.Length > 1024 || fields.Count == 30) throw ImapReader.Error(ImapErrors.InvalidString);
                fields.Add(new(ImapReader.Utf8(key), value is null ? null : ImapReader.Utf8(value)));
                if (r.Peek() != ')') r.Space();
            }
            r.Close();
        }
        r.End();
        return new IdCommand(tag, fields);
    }
}
