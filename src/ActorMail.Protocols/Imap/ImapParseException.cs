namespace ActorMail.Protocols.Imap;

/// <summary>Raised inside the parser for malformed input; caught by <see cref="ImapParser"/>, never escapes it.</summary>
internal sealed class ImapParseException(string message) : Exception(message);
