using System.Text;
using ActorMail.IntegrationTests.Transcripts;
using static ActorMail.IntegrationTests.Smtp.SmtpTestKit;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>
/// Every auth policy × smtp/submission port × authenticated or not × local or remote recipient, with the
/// exact replies, over real sockets: one node per policy runs its eight combinations.
/// </summary>
public sealed class SmtpPolicyMatrixTests
{
    private const string NeedsAuth = "530 5.7.0 Authentication required";
    private const string NoRelay = "554 5.7.1 Relay access denied";
    private const string Queued = "250";

    /// <summary>Per policy, in the order smtp then submission; each: (unauth local, unauth remote, auth local, auth remote).</summary>
    public static TheoryData<string, string[]> Matrix => new()
    {
        { "always", [NeedsAuth, NeedsAuth, Queued, Queued, NeedsAuth, NeedsAuth, Queued, Queued] },
        { "internet-only", [Queued, NoRelay, Queued, Queued, NeedsAuth, NeedsAuth, Queued, Queued] },
        { "open-relay", [Queued, Queued, Queued, Queued, NeedsAuth, NeedsAuth, Queued, Queued] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachCombinationGetsTheManualsReply(string policy, string[] expected)
    {
        await using var node = await TestNode.StartAsync(Listen.Smtp | Listen.Submission,
            new Dictionary<string, string> { ["ACTORMAIL__SMTP__AUTH_POLICY"] = policy });
        await node.AddUserAsync("alice@example.test", "alice-pw");
        await node.AddUserAsync("bob@example.test", "bob-pw");

        var storedLocal = new List<string>();
        var storedRemote = new List<string>();
        int n = 0;
        foreach (var listener in new[] { "smtp", "submission" })
        foreach (var authenticated in new[] { false, true })
        foreach (var remote in new[] { false, true })
        {
            var outcome = expected[n++];
            var subject = $"{policy}-{listener}-{(authenticated ? "auth" : "anon")}-{(remote ? "remote" : "local")}";
            var sender = authenticated ? "bob@example.test" : "stranger@remote.test";
            var rcpt = remote ? "friend@remote.test" : "alice@example.test";
            var script = new StringBuilder("S: 220 *\nC: EHLO client.test\nS: ...\nS: 250 SMTPUTF8\n");
            if (authenticated)
                script.Append("C: AUTH PLAIN ").Append(Convert.ToBase64String("\0bob@example.test\0bob-pw"u8.ToArray()))
                    .Append("\nS: 235 2.7.0 Authentication successful\n");
            script.Append($"C: MAIL FROM:<{sender}>\n");
            if (outcome == NeedsAuth)
            {
                script.Append($"S: {NeedsAuth}\n");
            }
            else
            {
                script.Append($"S: 250 2.1.0 Sender OK\nC: RCPT TO:<{rcpt}>\n");
                if (outcome == NoRelay)
                {
                    script.Append($"S: {NoRelay}\n");
                }
                else
                {
                    script.Append("S: 250 2.1.5 Recipient OK\nC: DATA\nS: 354 *\n")
                        .Append($"C: Subject: {subject}\nC:\nC: body\nC: .\nS~ ^250 2\\.0\\.0 OK: queued as \\S+$\n");
                    (remote ? storedRemote : storedLocal).Add(subject);
                }
            }
            script.Append("C: QUIT\nS: 221 2.0.0 Bye\nCLOSED\n");
            await TranscriptRunner.RunAsync(Transcript.Parse(subject, script.ToString()), node.Endpoint(listener));
        }

        await WaitForInboxAsync(node, "alice@example.test", storedLocal.Count);
        var inbox = await InboxAsync(node, "alice@example.test");
        Assert.Equal(storedLocal.Order(), inbox.Select(SubjectOf).Order());
        var queue = await WaitForQueueAsync(node, storedRemote.Count);
        Assert.Equal(storedRemote.Order(), queue.Select(q => SubjectOf(Read(node, q.Blob))).Order());
    }

    private static string SubjectOf(string message)
    {
        int i = message.IndexOf("\r\nSubject: ", StringComparison.Ordinal) + 11;
        return message[i..message.IndexOf('\r', i)];
    }
}
