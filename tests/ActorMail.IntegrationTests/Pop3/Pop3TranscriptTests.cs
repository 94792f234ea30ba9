using System.Text;
using ActorMail.IntegrationTests.Transcripts;

namespace ActorMail.IntegrationTests.Pop3;

/// <summary>Runs every scenario in Transcripts/Pop3 over a real socket, each on a fresh node.</summary>
public sealed class Pop3TranscriptTests
{
    public static IEnumerable<object[]> Scenarios => TranscriptRunner.Names("Pop3");

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario(string name)
    {
        var transcript = TranscriptRunner.Load("Pop3", name);
        var env = transcript.Directive("env").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        await using var node = await TestNode.StartAsync(Listen.AllPop3, env);
        foreach (var user in transcript.Directive("user"))
        {
            var parts = user.Split(' ', 2);
            await node.AddUserAsync(parts[0], parts[1]);
        }
        int n = 0;
        foreach (var to in transcript.Directive("deliver"))
            await Pop3TestSupport.DeliverAsync(node, to, Encoding.ASCII.GetBytes($"From: someone@remote.test\r\nSubject: message {++n}\r\n\r\nbody {n}\r\n"));
        var listener = transcript.Directive("listener").FirstOrDefault() ?? "pop3";
        await TranscriptRunner.RunAsync(transcript, node.Endpoint(listener), new TranscriptOptions(listener == "pop3s", null));
    }
}
