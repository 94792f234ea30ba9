using System.Buffers;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class SmtpReceiverFuzzTests
{
    private static readonly byte[] Interesting = "\r\n.\0\xff ABDTLSMRQ:<>@=\t"u8.ToArray();

    [Fact]
    public void Random_bytes_in_random_modes_never_throw_and_stay_bounded()
    {
        var random = new Random(20250101);
        var limits = new SmtpLimits(CommandLineLength: 128, SaslLineLength: 512, DataLineLength: 100);
        int frames = 0;
        for (int run = 0; run < 3000; run++)
        {
            var receiver = new SmtpReceiver(limits);
            var sink = new ArrayBufferWriter<byte>();
            long max = 0;
            int feeds = random.Next(1, 12);
            for (int f = 0; f < feeds; f++)
            {
                var chunk = new byte[random.Next(0, 300)];
                for (int i = 0; i < chunk.Length; i++)
                {
                    chunk[i] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
                }
                receiver.Feed(chunk);
                while (receiver.TryRead(out var frame))
                {
                    frames++;
                    switch (frame)
                    {
                        case SmtpFrame.CommandLine line:
                            Assert.True(line.Line.Length < limits.SaslLineLength);
                            _ = SmtpParser.Parse(line.Line);
                            break;
                        case SmtpFrame.DataComplete done:
                            Assert.True(done.Size >= 0);
                            Assert.True(sink.WrittenCount <= max);
                            Assert.Equal(done.TooBig, done.Size > max);
                            break;
                        case SmtpFrame.BdatComplete chunkDone:
                            Assert.Equal(chunkDone.TooBig ? 0 : chunkDone.ChunkSize, sink.WrittenCount);
                            break;
                    }
                    sink.Clear();
                    switch (random.Next(6))
                    {
                        case 0:
                            max = random.Next(0, 500);
                            receiver.BeginData(max, sink);
                            break;
                        case 1:
                            max = random.Next(0, 400);
                            receiver.BeginBdat(random.Next(0, 400), random.Next(2) == 0, max, sink);
                            break;
                        case 2:
                            receiver.BeginSaslResponse();
                            break;
                    }
                }
                Assert.True(receiver.BufferedCount < limits.SaslLineLength, $"run {run}: {receiver.BufferedCount} bytes buffered");
            }
        }
        Assert.True(frames > 1000);
    }
}
