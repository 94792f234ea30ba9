using ActorMail.Accounts.Authentication;
using ActorMail.Core;
using static ActorMail.Accounts.DirectoryCommands;

namespace ActorMail.Accounts.Tests;

/// <summary>Shared builders: addresses, a fast hasher and directories built through the real rules.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset T0 = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Argon2id with tiny costs, so tests stay fast; the format is the production one.</summary>
    public static readonly ArgonParameters FastArgon = new(64, 1, 1);

    public static readonly PasswordHasher FastHasher = new(FastArgon);

    /// <summary>A well-formed hash of "secret" (computed once).</summary>
    public static readonly string SecretHash = FastHasher.Hash("secret");

    public static MailAddress A(string text) => MailAddress.Parse(text);

    /// <summary>Applies commands through Decide/Apply, failing the test on any refusal.</summary>
    public static DirectoryState Run(DirectoryState state, params IDirectoryCommand[] commands)
    {
        foreach (var command in commands)
        {
            var decision = DirectoryLogic.Decide(state, command, T0);
            Assert.True(decision.IsAccepted, $"{command}: {decision.Error}");
            foreach (var e in decision.Events) state = DirectoryLogic.Apply(state, e);
        }
        return state;
    }

    /// <summary>Primary example.com, additional example.org and example.net.</summary>
    public static DirectoryState Domains() =>
        Run(DirectoryState.Empty, new SeedDomains("example.com", ["example.org", "example.net"]));

    public static DirectoryState WithUsers(params string[] addresses)
    {
        var state = Domains();
        foreach (var a in addresses) state = Run(state, new AddUser(A(a), a.Split('@')[0], SecretHash));
        return state;
    }
}
