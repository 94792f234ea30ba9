using ActorMail.Protocols.Pop3;

namespace ActorMail.Protocols.Tests.Pop3;

public class Pop3StateTableTests
{
    private static readonly Pop3SessionFacts Open = new(TlsActive: true, TlsAvailable: true, PlaintextAuthAllowed: true, UserAccepted: true);

    // RFC 1939 §4-§7, RFC 2449 §5, RFC 2595 §4: A = AUTHORIZATION, T = TRANSACTION; UPDATE accepts nothing.
    public static TheoryData<Pop3Verb, string> Matrix => new()
    {
        { Pop3Verb.User, "A" },
        { Pop3Verb.Pass, "A" },
        { Pop3Verb.Auth, "A" },
        { Pop3Verb.Apop, "A" },
        { Pop3Verb.Stls, "A" },
        { Pop3Verb.Capa, "AT" },
        { Pop3Verb.Quit, "AT" },
        { Pop3Verb.Stat, "T" },
        { Pop3Verb.List, "T" },
        { Pop3Verb.Retr, "T" },
        { Pop3Verb.Dele, "T" },
        { Pop3Verb.Noop, "T" },
        { Pop3Verb.Rset, "T" },
        { Pop3Verb.Top, "T" },
        { Pop3Verb.Uidl, "T" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_verb_is_allowed_exactly_in_its_states(Pop3Verb verb, string states)
    {
        Assert.Equal(states.Contains('A'), Pop3StateTable.IsAllowedIn(Pop3State.Authorization, verb));
        Assert.Equal(states.Contains('T'), Pop3StateTable.IsAllowedIn(Pop3State.Transaction, verb));
        Assert.False(Pop3StateTable.IsAllowedIn(Pop3State.Update, verb));
    }

    [Fact]
    public void Matrix_covers_every_verb() =>
        Assert.Equal(Enum.GetValues<Pop3Verb>().Order(), Matrix.Select(row => (Pop3Verb)row[0]).Order());

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Check_agrees_with_the_matrix_when_every_fact_is_favourable(Pop3Verb verb, string states)
    {
        var command = Sample(verb);
        foreach (var (state, letter) in new[] { (Pop3State.Authorization, 'A'), (Pop3State.Transaction, 'T'), (Pop3State.Update, 'U') })
        {
            var facts = verb == Pop3Verb.Stls ? Open with { TlsActive = false } : Open;
            var reply = Pop3StateTable.Check(state, command, facts);
            if (states.Contains(letter))
            {
                Assert.Null(reply);
            }
            else
            {
                Assert.Same(Pop3Replies.WrongState, reply);
            }
        }
    }

    [Fact]
    public void Pass_is_only_allowed_right_after_an_accepted_user()
    {
        var pass = new PassCommand("x");
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, pass, Open));
        Assert.Same(Pop3Replies.WrongState, Pop3StateTable.Check(Pop3State.Authorization, pass, Open with { UserAccepted = false }));
    }

    [Fact]
    public void Stls_needs_tls_available_and_not_yet_active()
    {
        var facts = new Pop3SessionFacts(TlsActive: false, TlsAvailable: true, PlaintextAuthAllowed: false);
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, StlsCommand.Instance, facts));
        Assert.Same(Pop3Replies.WrongState, Pop3StateTable.Check(Pop3State.Authorization, StlsCommand.Instance, facts with { TlsActive = true }));
        Assert.Same(Pop3Replies.WrongState, Pop3StateTable.Check(Pop3State.Authorization, StlsCommand.Instance, facts with { TlsAvailable = false }));
    }

    [Fact]
    public void Plaintext_logins_are_refused_where_the_policy_forbids_them()
    {
        var facts = new Pop3SessionFacts(TlsActive: false, TlsAvailable: true, PlaintextAuthAllowed: false, UserAccepted: true);
        Assert.Same(Pop3Replies.PlaintextDisallowed, Pop3StateTable.Check(Pop3State.Authorization, new UserCommand("a"), facts));
        Assert.Same(Pop3Replies.PlaintextDisallowed, Pop3StateTable.Check(Pop3State.Authorization, new PassCommand("p"), facts));
        Assert.Same(Pop3Replies.PlaintextDisallowed, Pop3StateTable.Check(Pop3State.Authorization, new AuthCommand("PLAIN", null), facts));

        // Listing mechanisms or naming one that is not plaintext is a question for the session, not a plaintext login.
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, new AuthCommand(null, null), facts));
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, new AuthCommand("SCRAM-SHA-256", null), facts));
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, new ApopCommand("a"), facts));
        Assert.Null(Pop3StateTable.Check(Pop3State.Authorization, CapaCommand.Instance, facts));
    }

    [Fact]
    public void Wrong_state_wins_over_the_plaintext_policy()
    {
        var facts = new Pop3SessionFacts(false, false, PlaintextAuthAllowed: false);
        Assert.Same(Pop3Replies.WrongState, Pop3StateTable.Check(Pop3State.Transaction, new UserCommand("a"), facts));
    }

    private static Pop3Command Sample(Pop3Verb verb) => verb switch
    {
        Pop3Verb.User => new UserCommand("a"),
        Pop3Verb.Pass => new PassCommand("p"),
        Pop3Verb.Auth => new AuthCommand("PLAIN", ""),
        Pop3Verb.Apop => new ApopCommand("a"),
        Pop3Verb.Stat => StatCommand.Instance,
        Pop3Verb.List => new ListCommand((int?)null),
        Pop3Verb.Retr => new RetrCommand(1),
        Pop3Verb.Dele => new DeleCommand(1),
        Pop3Verb.Noop => NoopCommand.Instance,
        Pop3Verb.Rset => RsetCommand.Instance,
        Pop3Verb.Quit => QuitCommand.Instance,
        Pop3Verb.Top => new TopCommand(1, 0),
        Pop3Verb.Uidl => new UidlCommand(1),
        Pop3Verb.Capa => CapaCommand.Instance,
        Pop3Verb.Stls => StlsCommand.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(verb)),
    };
}
