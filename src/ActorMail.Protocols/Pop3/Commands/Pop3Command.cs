namespace ActorMail.Protocols.Pop3;

/// <summary>A parsed POP3 command. One subtype per command, each with its grammar in its own file.</summary>
public abstract record Pop3Command
{
    /// <summary>The command's keyword.</summary>
    public abstract Pop3Verb Verb { get; }

    /// <summary>True when the command carries a password in clear text (subject to the plaintext-auth policy).</summary>
    public virtual bool IsPlaintextLogin => false;
}
