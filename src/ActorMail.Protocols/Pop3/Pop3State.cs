namespace ActorMail.Protocols.Pop3;

/// <summary>The states of a POP3 session (RFC 1939 §3).</summary>
public enum Pop3State
{
    /// <summary>Before a successful login: USER/PASS, AUTH, CAPA, STLS, QUIT.</summary>
    Authorization,

    /// <summary>Logged in, working on the maildrop snapshot.</summary>
    Transaction,

    /// <summary>After QUIT in TRANSACTION: deletions are applied and the connection closes; no command is accepted.</summary>
    Update,
}
