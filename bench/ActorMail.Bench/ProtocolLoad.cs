namespace ActorMail.Bench;

/// <summary>
/// Protocol-level load against a running SMTP/POP3 server on loopback (ActorMail or the reference pair):
/// <c>smtp-latency</c> sends fixed-size messages over persistent pipelined SMTP sessions spread over many
/// local users and times each final 250; <c>seed</c> delivers an mbox's messages to users over SMTP.
/// Both count the delivered messages afterwards with POP3 STAT, so a message only counts once it is readable.
/// This type reads their shared connection options and runs <see cref="SmtpLatency"/> or <see cref="MboxSeed"/>.
/// </summary>
static class ProtocolLoad
{
    public static async Task<int> RunAsync(string what, Func<string, string, string> opt)
    {
        var o = new ProtocolOptions(opt("--host", "127.0.0.1"), int.Parse(opt("--smtp-port", "12525")), int.Parse(opt("--pop3-port", "12110")),
            opt("--domain", "bench.test"), opt("--password", "pass"), opt("--sender", "a@bench.test"),
            TimeSpan.FromSeconds(double.Parse(opt("--io-timeout", "60"), System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            return what == "seed" ? await MboxSeed.RunAsync(o, opt) : await SmtpLatency.RunAsync(o, opt);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{what}: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
