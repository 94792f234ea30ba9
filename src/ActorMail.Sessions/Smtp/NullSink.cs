using System.Buffers;

namespace ActorMail.Sessions.Smtp;

/// <summary>Swallows the bytes of a refused BDAT chunk.</summary>
internal sealed class NullSink : IBufferWriter<byte>
{
    public static readonly NullSink Instance = new();
    private readonly byte[] _scratch = new byte[4096];

    public void Advance(int count)
    {
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => sizeHint > _scratch.Length ? new byte[sizeHint] : _scratch;

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
