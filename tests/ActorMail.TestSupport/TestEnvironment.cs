namespace ActorMail.TestSupport;

/// <summary>Settings (as ACTORMAIL__ environment variables) every test node starts from.</summary>
public static class TestEnvironment
{
    /// <summary>Every listener switched off and loopback only; a test opens what it needs on port 0.</summary>
    public static IReadOnlyDictionary<string, string> ListenersOff { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ACTORMAIL__SMTP__PORT"] = "-1",
        ["ACTORMAIL__SMTP__SUBMISSION_PORT"] = "-1",
        ["ACTORMAIL__SMTP__SSL_PORT"] = "-1",
        ["ACTORMAIL__IMAP__PORT"] = "-1",
        ["ACTORMAIL__IMAP__SSL_PORT"] = "-1",
        ["ACTORMAIL__POP3__PORT"] = "-1",
        ["ACTORMAIL__POP3__SSL_PORT"] = "-1",
        ["ACTORMAIL__HTTP__PORT"] = "-1",
        ["ACTORMAIL__HTTP__SSL_PORT"] = "-1",
        ["ACTORMAIL__LISTEN_ADDRESS"] = "127.0.0.1",
    };
}
