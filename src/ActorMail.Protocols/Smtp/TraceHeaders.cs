namespace ActorMail.Protocols.Smtp;

/// <summary>Trace-field rules: the hop count behind the loop limit (RFC 5321 §6.3).</summary>
public static class TraceHeaders
{
    /// <summary>Counts Received fields in the header section (stops at the first empty line).</summary>
    public static int CountReceived(ReadOnlySpan<byte> headerBlock) => HeaderScan.Scan(headerBlock).ReceivedCount;

    /// <summary>True when the message has passed more hops than <paramref name="maxHops"/> allows (answer 554 5.4.6).</summary>
    public static bool TooManyHops(ReadOnlySpan<byte> headerBlock, int maxHops) => CountReceived(headerBlock) > maxHops;
}
