using System.Net;
using ActorMail.Accounts;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.TestSupport;
using Akka.Actor;

namespace ActorMail.IntegrationTests;

/// <summary>Which listeners a <see cref="TestNode"/> opens (each on an ephemeral loopback port).</summary>
[Flags]
public enum Listen
{
    None = 0,
    Smtp = 1,
    Submission = 2,
    Smtps = 4,
    Pop3 = 8,
    Pop3s = 16,
    Imap = 32,
    Imaps = 64,
    AllSmtp = Smtp | Submission | Smtps,
    AllPop3 = Pop3 | Pop3s,
    AllImap = Imap | Imaps,
}

/// <summary>
/// An ActorMail node started in-process for tests: a temp data folder, real SQLite, real
/// listeners on 127.0.0.1 with ephemeral ports, settings from the reference plus the given
/// environment-style overrides (ACTORMAIL__... names, exactly as an admin would set them).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Domain = "example.test";

    public NodeHost Host { get; }
    public ActorMailSettings Settings { get; }
    public string DataDir { get; }

    private readonly bool _ownsDataDir;

    private TestNode(NodeHost host, ActorMailSettings settings, string dataDir, bool ownsDataDir)
    {
        Host = host;
        Settings = settings;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public static async Task<TestNode> StartAsync(Listen listen, IDictionary<string, string>? env = null,
        Func<ActorMailSettings, ActorMailSettings>? adjust = null, RuntimeMode mode = RuntimeMode.Tool, string? dataDir = null)
    {
        // A caller-supplied folder (e.g. to restart a node on the same data) is left in place on dispose.
        var dir = dataDir ?? Path.Combine(Path.GetTempPath(), "actormail-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var vars = new Dictionary<string, string>(TestEnvironment.ListenersOff, StringComparer.Ordinal)
        {
            ["ACTORMAIL__DOMAINS__PRIMARY"] = Domain,
            ["ACTORMAIL__AUTH__FAILURE_DELAY"] = "0s",
        };
        if (env is not null)
            foreach (var (k, v) in env) vars[k] = v;
        var load = SettingsLoader.Load(new SettingsSource(null, Path.Combine(dir, "data"), vars, dir));
        if (!load.IsValid || load.Settings is null)
            throw new InvalidOperationException("test settings invalid: " + string.Join("; ", load.Errors));
        var s = load.Settings;
        s = s with
        {
            Smtp = s.Smtp with
            {
                Port = listen.HasFlag(Listen.Smtp) ? 0 : -1,
                SubmissionPort = listen.HasFlag(Listen.Submission) ? 0 : -1,
                SslPort = listen.HasFlag(Listen.Smtps) ? 0 : -1,
            },
            Pop3 = s.Pop3 with { Port = listen.HasFlag(Listen.Pop3) ? 0 : -1, SslPort = listen.HasFlag(Listen.Pop3s) ? 0 : -1 },
            Imap = s.Imap with { Port = listen.HasFlag(Listen.Imap) ? 0 : -1, SslPort = listen.HasFlag(Listen.Imaps) ? 0 : -1 },
        };
        if (adjust is not null) s = adjust(s);
        var host = await NodeHost.StartAsync(s, mode, CancellationToken.None, new ActorMail.Accounts.Authentication.PasswordHasher(
            new ActorMail.Accounts.Authentication.ArgonParameters(MemoryKiB: 1024, Iterations: 1, Parallelism: 1)));
        return new TestNode(host, s, dir, ownsDataDir: dataDir is null);
    }

    /// <summary>The bound endpoint of a listener (smtp, submission, smtps, pop3, pop3s, imap, imaps).</summary>
    public IPEndPoint Endpoint(string listener) => Host.Endpoints[listener];

    public async Task AddUserAsync(string address, string password, string name = "")
    {
        var hash = Host.Hasher.Hash(password);
        var reply = await Host.Runtime.Directory.Ask<DirectoryReply>(new DirectoryCommands.AddUser(MailAddress.Parse(address), name, hash), TimeSpan.FromSeconds(30));
        if (reply is DirectoryReply.Failed f) throw new InvalidOperationException(f.Error.Message);
        await WaitUntilAsync(() => Host.Services.Directory.Current.FindAccount(MailAddress.Parse(address)) is not null, TimeSpan.FromSeconds(10));
    }

    public async Task<FolderStatus> StatusAsync(string account, string folder = "INBOX")
    {
        var resp = await Host.Runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account.ToLowerInvariant(), new FolderStatusQuery(folder)), TimeSpan.FromSeconds(30));
        return resp.Result as FolderStatus ?? throw new InvalidOperationException("no status: " + resp.Result);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met in " + timeout);
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (!_ownsDataDir) return;
        try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
