using System.Net;
using ActorMail.IntegrationTests.Transcripts;

namespace ActorMail.IntegrationTests.Imap;

/// <summary>One node shared by the IMAP transcripts that need no settings of their own.</summary>
public sealed class SharedImapNode : IAsyncLifetime
{
    private readonly HashSet<string> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(Listen.AllImap);

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public async Task EnsureUserAsync(string address, string password)
    {
        await _lock.WaitAsync();
        try
        {
            if (_users.Add(address)) await Node.AddUserAsync(address, password);
        }
        finally
        {
            _lock.Release();
        }
    }
}

/// <summary>
/// Runs every scenario in Transcripts/Imap over a real socket: on a fresh node when the file sets @env or
/// changes mail (each such file names its own user), else on the shared node.
/// </summary>
public sealed class ImapTranscriptTests(SharedImapNode shared) : IClassFixture<SharedImapNode>
{
    public static IEnumerable<object[]> Scenarios => TranscriptRunner.Names("Imap");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario(string name)
    {
        var transcript = TranscriptRunner.Load("Imap", name);
        var env = transcript.Directive("env").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (env.Count == 0 && !transcript.Directive("fresh").Any())
        {
            await RunOnAsync(shared.Node, transcript, shared.EnsureUserAsync);
            return;
        }

        await using var node = await TestNode.StartAsync(Listen.AllImap, env);
        await RunOnAsync(node, transcript, (a, p) => node.AddUserAsync(a, p));
    }

    private static async Task RunOnAsync(TestNode node, Transcript transcript, Func<string, string, Task> addUser)
    {
        foreach (var user in transcript.Directive("user"))
        {
            var parts = user.Split(' ', 2);
            await addUser(parts[0], parts[1]);
        }

        var listener = transcript.Directive("listener").FirstOrDefault() ?? "imap";
        var bind = transcript.Directive("bind").FirstOrDefault() is { } b ? IPAddress.Parse(b) : null;
        await TranscriptRunner.RunAsync(transcript, node.Endpoint(listener), new TranscriptOptions(listener == "imaps", bind));
    }
}
