using System.Text;
using ActorMail.Protocols.Imap;

namespace ActorMail.Protocols.Tests.Imap;

/// <summary>A sink that keeps the streamed bytes so tests can inspect them.</summary>
internal sealed class RecordingSink : ILiteralSink
{
    public MemoryStream Data { get; } = new();

    public int Writes { get; private set; }

    public int LargestWrite { get; private set; }

    public bool Completed { get; private set; }

    public bool Aborted { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        Assert.False(Completed || Aborted);
        Writes++;
        LargestWrite = Math.Max(LargestWrite, data.Length);
        Data.Write(data);
    }

    public void Complete() => Completed = true;

    public void Abort() => Aborted = true;

    public string Text => Encoding.UTF8.GetString(Data.ToArray());
}

internal static class ImapTestSupport
{
    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Reads every event currently available.</summary>
    public static List<ImapReceiverEvent> ReadAll(ImapReceiver receiver)
    {
        var events = new List<ImapReceiverEvent>();
        while (receiver.TryRead(out var ev)) events.Add(ev);
        return events;
    }

    /// <summary>Feeds <paramref name="wire"/>, accepting every literal the way a session would, and returns the commands.</summary>
    public static List<ImapFrame> Frames(string wire, ImapLimits? limits = null, List<RecordingSink>? sinks = null)
    {
        var receiver = new ImapReceiver(limits);
        receiver.Feed(Bytes(wire));
        var frames = new List<ImapFrame>();
        while (receiver.TryRead(out var ev))
        {
            switch (ev)
            {
                case ImapReceiverEvent.Command c:
                    frames.Add(c.Frame);
                    break;
                case ImapReceiverEvent.NeedContinuation { IsAppend: true } or ImapReceiverEvent.NeedSink:
                    var sink = new RecordingSink();
                    sinks?.Add(sink);
                    receiver.AcceptLiteral(sink);
                    break;
                case ImapReceiverEvent.NeedContinuation:
                    receiver.AcceptLiteral();
                    break;
                default:
                    Assert.Fail($"unexpected event {ev}");
                    break;
            }
        }
        return frames;
    }

    /// <summary>Parses one command sent as <paramref name="wire"/> (CRLF appended when missing).</summary>
    public static ImapParseResult Parse(string wire, ImapParseOptions? options = null, List<RecordingSink>? sinks = null)
    {
        if (!wire.EndsWith("\r\n", StringComparison.Ordinal)) wire += "\r\n";
        var frames = Frames(wire, sinks: sinks);
        Assert.Single(frames);
        return ImapParser.Parse(frames[0], options);
    }

    /// <summary>Parses and asserts success with the given command type.</summary>
    public static T Parse<T>(string wire, ImapParseOptions? options = null, List<RecordingSink>? sinks = null) where T : ImapCommand
    {
        var result = Parse(wire, options, sinks);
        Assert.True(result.IsSuccess, result.ErrorResponse);
        return Assert.IsType<T>(result.Command);
    }

    /// <summary>Parses and returns the BAD response line.</summary>
    public static string Bad(string wire, ImapParseOptions? options = null)
    {
        var result = Parse(wire, options);
        Assert.False(result.IsSuccess, $"parsed as {result.Command}");
        return result.ErrorResponse!;
    }
}
