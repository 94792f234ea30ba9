using System.Buffers;
using System.Text;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

/// <summary>Feeds a receiver and collects frames, as a session would.</summary>
internal sealed class ReceiverHarness(SmtpLimits? limits = null)
{
    public SmtpReceiver Receiver { get; } = new(limits);

    public ArrayBufferWriter<byte> Sink { get; } = new();

    public string SinkText => Encoding.UTF8.GetString(Sink.WrittenSpan);

    public List<SmtpFrame> Feed(string text) => Feed(Encoding.UTF8.GetBytes(text));

    public List<SmtpFrame> Feed(byte[] bytes)
    {
        Receiver.Feed(bytes);
        return Drain();
    }

    public List<SmtpFrame> FeedByteByByte(string text)
    {
        var frames = new List<SmtpFrame>();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            Receiver.Feed([b]);
            frames.AddRange(Drain());
        }
        return frames;
    }

    public List<SmtpFrame> Drain()
    {
        var frames = new List<SmtpFrame>();
        while (Receiver.TryRead(out var frame)) frames.Add(frame);
        return frames;
    }
}
