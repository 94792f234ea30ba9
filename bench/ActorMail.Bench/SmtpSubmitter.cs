using System.Diagnostics;

namespace ActorMail.Bench;

/// <summary>SMTP client side of the protocol-level sub-commands: opens a session and sends pipelined transactions.</summary>
static class SmtpSubmitter
{
    /// <summary>Connects, reads the 220 greeting and sends EHLO.</summary>
    public static async Task<LineClient> OpenSmtpAsync(ProtocolOptions o)
    {
        var c = await LineClient.ConnectAsync(o.Host, o.SmtpPort, o.IoTimeout);
        var (code, text) = await c.SmtpReplyAsync();
        if (code != 220) throw new InvalidOperationException("greeting: " + text);
        await c.WriteAsync("EHLO client.bench.test\r\n"u8.ToArray());
        (code, text) = await c.SmtpReplyAsync();
        if (code != 250) throw new InvalidOperationException("EHLO: " + text);
        return c;
    }

    /// <summary>One pipelined transaction (MAIL, RCPT, DATA in one write); `message` is already dot-stuffed and ends in CRLF.</summary>
    /// <remarks>Returns the time from sending the final "." to reading its reply.</remarks>
    public static async Task<(bool Ok, double Ms, string Error)> SendAsync(LineClient c, string from, string to, byte[] message)
    {
        await c.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"MAIL FROM:<{from}>\r\nRCPT TO:<{to}>\r\nDATA\r\n"));
        var mail = await c.SmtpReplyAsync();
        var rcpt = await c.SmtpReplyAsync();
        var data = await c.SmtpReplyAsync();
        if (data.Code != 354)
        {
            await c.WriteAsync("RSET\r\n"u8.ToArray());
            await c.SmtpReplyAsync();
            return (false, 0, $"MAIL {mail.Text} / RCPT {rcpt.Text} / DATA {data.Text}");
        }
        await c.WriteAsync(message);
        long t0 = Stopwatch.GetTimestamp();
        await c.WriteAsync(".\r\n"u8.ToArray());
        var end = await c.SmtpReplyAsync();
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return (end.Code == 250, ms, end.Code == 250 ? "" : "end of DATA: " + end.Text);
    }
}
