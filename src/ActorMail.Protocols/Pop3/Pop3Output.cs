using System.Buffers;

namespace ActorMail.Protocols.Pop3;

/// <summary>Writes message bodies as POP3 multi-line data (RETR, TOP), streaming in bounded chunks.</summary>
/// <remarks>
/// Only the data and its <c>.</c> terminator are written; the <c>+OK</c> status line is the caller's.
/// See <see cref="Pop3DotStuffer"/> for the encoding and <see cref="Pop3TopLimiter"/> for the TOP cut.
/// </remarks>
public static class Pop3Output
{
    /// <summary>Size of the chunks read from a body stream.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Writes <paramref name="body"/> dot-stuffed and terminated into <paramref name="output"/>.</summary>
    public static void WriteMultiline(IBufferWriter<byte> output, ReadOnlySequence<byte> body)
    {
        var stuffer = new Pop3DotStuffer();
        foreach (var segment in body)
        {
            stuffer.Write(segment.Span, output);
        }

        stuffer.Complete(output);
    }

    /// <summary>Copies <paramref name="body"/> to <paramref name="destination"/> dot-stuffed and terminated, chunk by chunk.</summary>
    public static void WriteMultiline(Stream destination, Stream body) => Copy(destination, body, null);

    /// <summary>Asynchronous <see cref="WriteMultiline(Stream, Stream)"/>.</summary>
    public static Task WriteMultilineAsync(Stream destination, Stream body, CancellationToken cancellationToken = default) =>
        CopyAsync(destination, body, null, cancellationToken);

    /// <summary>
    /// Writes the TOP answer data: the header of <paramref name="body"/>, the blank line and its first
    /// <paramref name="lines"/> body lines, dot-stuffed and terminated. Stops reading once the cut point is reached.
    /// </summary>
    public static void Top(Stream destination, Stream body, int lines) => Copy(destination, body, new Pop3TopLimiter(lines));

    /// <summary>Asynchronous <see cref="Top(Stream, Stream, int)"/>.</summary>
    public static Task TopAsync(Stream destination, Stream body, int lines, CancellationToken cancellationToken = default) =>
        CopyAsync(destination, body, new Pop3TopLimiter(lines), cancellationToken);

    private static void Copy(Stream destination, Stream body, Pop3TopLimiter? limiter)
    {
        var stuffer = new Pop3DotStuffer();
        var encoded = new ArrayBufferWriter<byte>(ChunkSize * 2);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while (limiter?.IsComplete != true && (read = body.Read(buffer, 0, ChunkSize)) > 0)
            {
                int take = limiter?.Accept(buffer.AsSpan(0, read)) ?? read;
                stuffer.Write(buffer.AsSpan(0, take), encoded);
                destination.Write(encoded.WrittenSpan);
                encoded.ResetWrittenCount();
            }

            stuffer.Complete(encoded);
            destination.Write(encoded.WrittenSpan);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CopyAsync(Stream destination, Stream body, Pop3TopLimiter? limiter, CancellationToken cancellationToken)
    {
        var stuffer = new Pop3DotStuffer();
        var encoded = new ArrayBufferWriter<byte>(ChunkSize * 2);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while (limiter?.IsComplete != true
                   && (read = await body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                int take = limiter?.Accept(buffer.AsSpan(0, read)) ?? read;
                stuffer.Write(buffer.AsSpan(0, take), encoded);
                await destination.WriteAsync(encoded.WrittenMemory, cancellationToken).ConfigureAwait(false);
                encoded.ResetWrittenCount();
            }

            stuffer.Complete(encoded);
            await destination.WriteAsync(encoded.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
