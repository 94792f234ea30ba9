namespace ActorMail.Configuration;

/// <summary>A leaf value as written: a single text or a list of texts.</summary>
internal sealed record RawValue(string? Text, IReadOnlyList<string>? Items)
{
    public bool IsList => Items is not null;

    public static RawValue Scalar(string text) => new(text, null);

    public static RawValue List(IReadOnlyList<string> items) => new(null, items);
}
