using System.Net;
using System.Text;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Protocols.Tests.Smtp;

public class TraceTests
{
    private static readonly DateTimeOffset When = new(2025, 7, 1, 9, 5, 3, TimeSpan.FromHours(2));

    [Fact]
    public void Received_header_format()
    {
        var info = new ReceivedInfo("client.test", IPAddress.Parse("192.0.2.10"), "host.client.test", "mx.example.test",
            "A1B2C3", "bob@example.test", When, Tls: true, Authenticated: true);
        Assert.Equal(
            "Received: from client.test (host.client.test [192.0.2.10])\r\n" +
            "\tby mx.example.test with ESMTPSA id A1B2C3\r\n" +
            "\tfor <bob@example.test>; Tue, 1 Jul 2025 09:05:03 +0200\r\n",
            ReceivedHeader.Build(info));
    }

    [Fact]
    public void Received_header_without_rdns_or_recipient_and_ipv6()
    {
        var info = new ReceivedInfo("[IPv6:::1]", IPAddress.IPv6Loopback, null, "mx", "X", null,
            new DateTimeOffset(2024, 12, 25, 23, 0, 0, TimeSpan.FromMinutes(-330)), Extended: false);
        Assert.Equal(
            "Received: from [IPv6:::1] (unknown [IPv6:::1])\r\n\tby mx with SMTP id X; Wed, 25 Dec 2024 23:00:00 -0530\r\n",
            ReceivedHeader.Build(info));
    }

    [Theory]
    [InlineData(true, false, false, false, "ESMTP")]
    [InlineData(true, true, false, false, "ESMTPS")]
    [InlineData(true, false, true, false, "ESMTPA")]
    [InlineData(true, true, true, false, "ESMTPSA")]
    [InlineData(true, true, true, true, "UTF8SMTPSA")]
    [InlineData(false, false, false, false, "SMTP")]
    public void Protocol_keywords(bool extended, bool tls, bool auth, bool utf8, string expected) =>
        Assert.Equal(expected, ReceivedHeader.Protocol(new ReceivedInfo("h", IPAddress.Loopback, null, "mx", "1", null, When,
            extended, tls, auth, utf8)));

    [Fact]
    public void Client_supplied_names_cannot_inject_lines()
    {
        var info = new ReceivedInfo("evil\r\nX-Injected: 1", IPAddress.Parse("::ffff:10.0.0.1"), null, "mx", "1", null, When);
        var header = ReceivedHeader.Build(info);
        Assert.DoesNotContain("\r\nX-Injected", header);
        Assert.Contains("[10.0.0.1]", header);
    }

    [Fact]
    public void Counts_received_fields_in_the_header_section_only()
    {
        var message = Encoding.ASCII.GetBytes(
            "Received: from a\r\n\tby b; date\r\nreceived : from c\r\nX-Received: no\r\nSubject: Received: no\r\n" +
            "RECEIVED:x\r\n\r\nReceived: in the body\r\n");
        Assert.Equal(3, TraceHeaders.CountReceived(message));
        Assert.True(TraceHeaders.TooManyHops(message, 2));
        Assert.False(TraceHeaders.TooManyHops(message, 3));
    }

    [Fact]
    public void Header_scan_finds_message_id_and_date()
    {
        var message = Encoding.ASCII.GetBytes("From: a@b.test\nMessage-ID: <1@b.test>\nDATE: Tue, 1 Jul 2025\n\nbody Date: x\n");
        var summary = HeaderScan.Scan(message);
        Assert.True(summary.HasMessageId);
        Assert.True(summary.HasDate);
        Assert.True(summary.Complete);
        Assert.Equal(message.Length - "body Date: x\n".Length, summary.HeaderLength);

        summary = HeaderScan.Scan(Encoding.ASCII.GetBytes("From: a@b.test\r\nSubject: Date: no\r\n Message-ID: folded\r\n\r\n"));
        Assert.False(summary.HasMessageId);
        Assert.False(summary.HasDate);

        summary = HeaderScan.Scan(Encoding.ASCII.GetBytes("Subject: no end"));
        Assert.False(summary.Complete);
        Assert.Equal(0, HeaderScan.Scan(ReadOnlySpan<byte>.Empty).ReceivedCount);
    }
}
