using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActorMail.Storage.Tests.Blobs;

/// <summary>
/// A forward-only stream of <c>length</c> deterministic pseudo-random bytes (xorshift64 from a seed):
/// a body of any size that is never held in memory. Optionally cancels a token after some bytes.
/// </summary>
internal sealed class GeneratedStream(long length, ulong seed, long cancelAfter = -1, CancellationTokenSource? cancel = null) : Stream
{
    private ulong state = seed | 1;
    private ulong word;
    private int wordLeft;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    /// <summary>SHA-256 (lower-case hex) of the bytes a stream with this length and seed yields.</summary>
    public static string Sha256Hex(long length, ulong seed)
    {
        using var source = new GeneratedStream(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(source));
    }

    /// <summary>Whether <paramref name="actual"/> yields exactly the bytes of a stream with this length and seed.</summary>
    public static bool SameBytes(Stream actual, long length, ulong seed)
    {
        using var expected = new GeneratedStream(length, seed);
        var a = new byte[256 * 1024];
        var e = new byte[a.Length];
        while (true)
        {
            int n = actual.ReadAtLeast(a, a.Length, throwOnEndOfStream: false);
            int m = expected.ReadAtLeast(e, n == 0 ? 1 : n, throwOnEndOfStream: false);
            if (n != m || !a.AsSpan(0, n).SequenceEqual(e.AsSpan(0, m)))
            {
                return false;
            }

            if (n == 0)
            {
                return true;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (cancel is not null && cancelAfter >= 0 && position >= cancelAfter)
        {
            cancel.Cancel();
        }

        int n = (int)Math.Min(buffer.Length, length - position);
        int i = 0;
        while (i < n)
        {
            if (wordLeft == 0)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word = state;
                wordLeft = 8;
                if (n - i >= 8)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], word);
                    i += 8;
                    wordLeft = 0;
                    continue;
                }
            }

            buffer[i++] = (byte)word;
            word >>= 8;
            wordLeft--;
        }

        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = Read(buffer.Span);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
