namespace ActorMail.Protocols.Imap;

/// <summary>
/// Destination of an APPEND literal's bytes, provided by the session so that a message is never
/// collected in memory by the receiver.
/// </summary>
public interface ILiteralSink
{
    /// <summary>The next bytes of the literal, in order.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>All announced bytes have been written.</summary>
    void Complete();

    /// <summary>The command will not complete (connection lost, command dropped): discard what was written.</summary>
    void Abort();
}
