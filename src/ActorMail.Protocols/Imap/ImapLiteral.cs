namespace ActorMail.Protocols.Imap;

/// <summary>
/// A literal of a received command: its bytes, or (for APPEND messages) the sink they were streamed to.
/// </summary>
public sealed class ImapLiteral
{
    public ImapLiteral(ReadOnlyMemory<byte> data, bool isBinary = false)
    {
        Data = data;
        Size = data.Length;
        IsBinary = isBinary;
    }

    public ImapLiteral(long size, bool isBinary, ILiteralSink sink)
    {
        Size = size;
        IsBinary = isBinary;
        Sink = sink;
    }

    /// <summary>Announced (and received) length in octets.</summary>
    public long Size { get; }

    /// <summary>A <c>~{n}</c> literal8 (RFC 3516): may contain NUL and bare CR/LF.</summary>
    public bool IsBinary { get; }

    /// <summary>The bytes, when held in memory; empty when <see cref="Sink"/> is set.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The session's sink that received the bytes (APPEND message literals).</summary>
    public ILiteralSink? Sink { get; }

    public bool IsStreamed => Sink is not null;
}
