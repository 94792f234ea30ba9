using System.Buffers;
using ActorMail.Protocols.Pop3;
using ActorMail.Transport;

namespace ActorMail.Sessions.Pop3;

/// <summary>
/// Streams a message body to the client as POP3 multi-line data (RETR, TOP): read in chunks of
/// <see cref="Pop3Output.ChunkSize"/>, dot-stuffed, each chunk flushed before the next is read, so
/// that at most a chunk or two of a message is in memory.
/// </summary>
internal static class Pop3BodyWriter
{
    /// <param name="limiter">The TOP cut, or null for the whole message.</param>
    /// <param name="encoded">The session's scratch buffer for the stuffed chunk (its contents are copied by each write).</param>
    public static async Task<long> WriteAsync(IClientConnection connection, Stream body, Pop3TopLimiter? limiter, ArrayBufferWriter<byte> encoded)
    {
        var stuffer = new Pop3DotStuffer();
        encoded.ResetWrittenCount();
        var buffer = ArrayPool<byte>.Shared.Rent(Pop3Output.ChunkSize);
        long sent = 0;
        try
        {
            int read;
            while (limiter?.IsComplete != true && (read = await body.ReadAsync(buffer.AsMemory(0, Pop3Output.ChunkSize))) > 0)
            {
                int take = limiter?.Accept(buffer.AsSpan(0, read)) ?? read;
                stuffer.Write(buffer.AsSpan(0, take), encoded);
                connection.Write(encoded.WrittenMemory);
                sent += encoded.WrittenCount;
                encoded.ResetWrittenCount();
                await connection.FlushAsync();
            }

            stuffer.Complete(encoded);
            connection.Write(encoded.WrittenMemory);
            sent += encoded.WrittenCount;
            return sent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
