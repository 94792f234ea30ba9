namespace ActorMail.Protocols.Smtp;

/// <summary>What <see cref="HeaderScan.Scan"/> found in a message's header section.</summary>
/// <param name="HeaderLength">Bytes of the header section including the empty line that ends it (the whole input when it has no end).</param>
/// <param name="Complete">The empty line ending the header section was found.</param>
public readonly record struct HeaderSummary(bool HasMessageId, bool HasDate, int ReceivedCount, int HeaderLength, bool Complete);
