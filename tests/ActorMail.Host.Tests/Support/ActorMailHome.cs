using System.Text.Json;
using ActorMail.TestSupport;

namespace ActorMail.Host.Tests.Support;

/// <summary>
/// One test's own ActorMail installation: a temp folder holding the working directory (no
/// actormail.conf unless a test writes one) and the data folder, plus the environment every run gets.
/// The environment switches every listener off (port -1) and listens on loopback only, so that
/// parallel tests never compete for ports. Deleted on dispose.
/// </summary>
public sealed class ActorMailHome : IDisposable
{
    /// <summary>Environment of every run: all listeners off, loopback only.</summary>
    public static IReadOnlyDictionary<string, string> BaseEnvironment => TestEnvironment.ListenersOff;

    public ActorMailHome(string name)
    {
        Root = Directory.CreateTempSubdirectory($"actormail-{name}-").FullName;
        WorkDir = Path.Combine(Root, "work");
        DataDir = Path.Combine(Root, "data");
        Directory.CreateDirectory(WorkDir);
        Environment = new Dictionary<string, string>(BaseEnvironment);
    }

    public string Root { get; }

    /// <summary>The working directory of every run.</summary>
    public string WorkDir { get; }

    /// <summary>Passed as --data to every run.</summary>
    public string DataDir { get; }

    /// <summary>Environment of every run of this home; tests may add to it.</summary>
    public Dictionary<string, string> Environment { get; }

    public string AdminSocket => Path.Combine(DataDir, "admin.sock");

    public string LockFile => Path.Combine(DataDir, "actormail.lock");

    /// <summary>Runs <c>actormail --data DATA ARGS</c> with stdin closed.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs <c>actormail --data DATA ARGS</c>, feeding <paramref name="stdin"/>.</summary>
    public Task<CliResult> RunWithInputAsync(string? stdin, params string[] args) =>
        RunRawAsync(stdin, null, ["--data", DataDir, .. args]);

    /// <summary>Runs the executable with exactly <paramref name="args"/> (no --data added).</summary>
    public Task<CliResult> RunRawAsync(string? stdin, IReadOnlyDictionary<string, string>? extraEnvironment, params string[] args)
    {
        var env = new Dictionary<string, string>(Environment);
        if (extraEnvironment is not null)
            foreach (var (k, v) in extraEnvironment) env[k] = v;
        return ActorMailProcess.RunAsync(ActorMailProcess.StartInfo(WorkDir, env, args), stdin, ActorMailProcess.DefaultTimeout);
    }

    /// <summary>Starts <c>actormail run</c> on this home's data folder and waits until it answers.</summary>
    public Task<RunningNode> StartNodeAsync(IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var env = new Dictionary<string, string>(Environment);
        if (extraEnvironment is not null)
            foreach (var (k, v) in extraEnvironment) env[k] = v;
        return RunningNode.StartAsync(ActorMailProcess.StartInfo(WorkDir, env, ["--data", DataDir, "run"]), AdminSocket);
    }

    /// <summary>A small RFC 5322 message.</summary>
    public static string Message(string subject, string from = "sender@remote.example", string to = "rcpt@localhost") =>
        $"From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@test>\r\n\r\nHello, this is {subject}.\r\n";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process killed a moment ago may still hold a file; the temp folder is reclaimed later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Reading the JSON that `--json` prints.</summary>
public static class JsonOutput
{
    public static JsonElement Parse(string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}):\n{stdout}");
        }
    }

    /// <summary>The INBOX message count of `user show --json`.</summary>
    public static int InboxCount(string stdout) => Parse(stdout).GetProperty("inbox").GetProperty("messages").GetInt32();
}
