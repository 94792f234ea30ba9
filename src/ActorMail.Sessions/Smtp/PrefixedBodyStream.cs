using ActorMail.Core.IO;

namespace ActorMail.Sessions.Smtp;

/// <summary>
/// A read-only, seekable stream over header lines in memory followed by a received body read from a
/// seekable stream (a spool): the stored form of a message without composing it into one more buffer.
/// Disposing it disposes the body stream.
/// </summary>
internal sealed class PrefixedBodyStream(ReadOnlyMemory<byte> prefix, Stream body) : ReadOnlySeekableStream
{
    private readonly long _bodyLength = body.Length;

    public override long Length => prefix.Length + _bodyLength;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || Cursor >= Length) return 0;
        if (Cursor < prefix.Length)
        {
            var source = prefix.Span[(int)Cursor..];
            int n = Math.Min(source.Length, buffer.Length);
            source[..n].CopyTo(buffer);
            Cursor += n;
            return n;
        }
        PositionBody();
        int read = body.Read(buffer);
        Cursor += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (buffer.IsEmpty || Cursor >= Length) return 0;
        if (Cursor < prefix.Length) return Read(buffer.Span);
        PositionBody();
        int read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Cursor += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) body.Dispose();
        base.Dispose(disposing);
    }

    private void PositionBody()
    {
        long at = Cursor - prefix.Length;
        if (body.Position != at) body.Position = at;
    }
}
