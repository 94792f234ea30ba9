namespace ActorMail.Protocols.Pop3;

/// <summary>Which POP3 command is legal in which state, as a table (RFC 1939 §3-§7, RFC 2449 §5, RFC 2595 §4).</summary>
public static class Pop3StateTable
{
    private static readonly Dictionary<Pop3Verb, Row> Rows = new()
    {
        [Pop3Verb.User] = new(Auth, Needs.None),
        [Pop3Verb.Pass] = new(Auth, Needs.UserAccepted),
        [Pop3Verb.Auth] = new(Auth, Needs.None),
        [Pop3Verb.Apop] = new(Auth, Needs.None),
        [Pop3Verb.Stls] = new(Auth, Needs.TlsOffered),
        [Pop3Verb.Capa] = new(Auth | Trans, Needs.None),
        [Pop3Verb.Quit] = new(Auth | Trans, Needs.None),
        [Pop3Verb.Stat] = new(Trans, Needs.None),
        [Pop3Verb.List] = new(Trans, Needs.None),
        [Pop3Verb.Retr] = new(Trans, Needs.None),
        [Pop3Verb.Dele] = new(Trans, Needs.None),
        [Pop3Verb.Noop] = new(Trans, Needs.None),
        [Pop3Verb.Rset] = new(Trans, Needs.None),
        [Pop3Verb.Top] = new(Trans, Needs.None),
        [Pop3Verb.Uidl] = new(Trans, Needs.None),
    };

    private const States Auth = States.Authorization;
    private const States Trans = States.Transaction;

    [Flags]
    private enum States
    {
        None = 0,
        Authorization = 1,
        Transaction = 2,
    }

    private enum Needs
    {
        None,
        UserAccepted,
        TlsOffered,
    }

    /// <summary>True when <paramref name="verb"/> may be used in <paramref name="state"/> at all (no UPDATE command is).</summary>
    public static bool IsAllowedIn(Pop3State state, Pop3Verb verb) =>
        Rows.TryGetValue(verb, out var row) && (row.States & ToFlag(state)) != 0;

    /// <summary>
    /// Checks <paramref name="command"/> against the state and the session facts. Returns null when it may run, else
    /// the <c>-ERR</c> reply: <see cref="Pop3Replies.WrongState"/>, or <see cref="Pop3Replies.PlaintextDisallowed"/>
    /// for a plaintext login the policy forbids on this connection.
    /// </summary>
    public static Pop3Reply? Check(Pop3State state, Pop3Command command, Pop3SessionFacts facts)
    {
        if (!IsAllowedIn(state, command.Verb))
        {
            return Pop3Replies.WrongState;
        }

        if (command.IsPlaintextLogin && !facts.PlaintextAuthAllowed)
        {
            return Pop3Replies.PlaintextDisallowed;
        }

        bool met = Rows[command.Verb].Needs switch
        {
            Needs.UserAccepted => facts.UserAccepted,
            Needs.TlsOffered => facts.TlsAvailable && !facts.TlsActive,
            _ => true,
        };
        return met ? null : Pop3Replies.WrongState;
    }

    private static States ToFlag(Pop3State state) => state switch
    {
        Pop3State.Authorization => States.Authorization,
        Pop3State.Transaction => States.Transaction,
        _ => States.None,
    };

    private sealed record Row(States States, Needs Needs);
}
