using System.Net;
using ActorMail.IntegrationTests.Transcripts;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>One node shared by the transcripts that need no settings of their own.</summary>
public sealed class SharedSmtpNode : IAsyncLifetime
{
    private readonly HashSet<string> _users = new(StringComparer.OrdinalIgnoreCase);

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(Listen.AllSmtp);

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public async Task EnsureUserAsync(string address, string password)
    {
        if (_users.Add(address)) await Node.AddUserAsync(address, password);
    }
}

/// <summary>Runs every scenario in Transcripts/Smtp over a real socket (a fresh node when the file sets @env).</summary>
public sealed class SmtpTranscriptTests(SharedSmtpNode shared) : IClassFixture<SharedSmtpNode>
{
    public static IEnumerable<object[]> Scenarios => TranscriptRunner.Names("Smtp");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario(string name)
    {
        var transcript = TranscriptRunner.Load("Smtp", name);
        var env = transcript.Directive("env").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (env.Count == 0)
        {
            await RunOnAsync(shared.Node, transcript, shared.EnsureUserAsync);
            return;
        }
        await using var node = await TestNode.StartAsync(Listen.AllSmtp, env);
        await RunOnAsync(node, transcript, (a, p) => node.AddUserAsync(a, p));
    }

    private static async Task RunOnAsync(TestNode node, Transcript transcript, Func<string, string, Task> addUser)
    {
        foreach (var user in transcript.Directive("user"))
        {
            var parts = user.Split(' ', 2);
            await addUser(parts[0], parts[1]);
        }
        var listener = transcript.Directive("listener").FirstOrDefault() ?? "smtp";
        var bind = transcript.Directive("bind").FirstOrDefault() is { } b ? IPAddress.Parse(b) : null;
        await TranscriptRunner.RunAsync(transcript, node.Endpoint(listener), new TranscriptOptions(listener == "smtps", bind));
    }
}
