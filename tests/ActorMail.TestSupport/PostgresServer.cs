using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Npgsql;

namespace ActorMail.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests: its own cluster in a fresh temp folder, listening on a free
/// loopback port with trust authentication, superuser <c>postgres</c>. Durability is switched off
/// (<c>fsync=off</c>) because the cluster never outlives the test run. When the process runs as root the
/// server runs as the <c>postgres</c> system user (through <c>runuser</c>), since PostgreSQL refuses root.
/// Disposing stops the server (<c>pg_ctl stop -m immediate</c>) and deletes the folder.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>Where the Debian/Ubuntu packages put each major version's binaries.</summary>
    private const string BinariesRoot = "/usr/lib/postgresql";

    private const string SystemUser = "postgres";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<PostgresServer, byte> Running = new();

    private readonly string binaries;
    private readonly string? runuser;
    private int disposed;

    static PostgresServer()
    {
        // Safety net for a test run that ends without disposing its servers.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in Running.Keys)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };
    }

    private PostgresServer(string binaries, string? runuser, string folder)
    {
        this.binaries = binaries;
        this.runuser = runuser;
        Folder = folder;
    }

    /// <summary>Connection string for the <c>postgres</c> database as superuser <c>postgres</c>.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The temp folder holding the cluster, its socket and its log; deleted on dispose.</summary>
    public string Folder { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    private string SocketFolder => Path.Combine(Folder, "socket");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>
    /// Creates a cluster in a fresh temp folder, starts it and waits until it accepts connections.
    /// Throws <see cref="InvalidOperationException"/> naming the package to install when the PostgreSQL
    /// server binaries are missing.
    /// </summary>
    public static async Task<PostgresServer> StartAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the throwaway PostgreSQL server runs on Linux only");
        }

        string binaries = FindBinaries(BinariesRoot);
        bool root = geteuid() == 0;
        string? runuser = root ? FindRunuser() : null;
        var server = new PostgresServer(binaries, runuser, CreateFolder(root));
        Running[server] = 0;
        try
        {
            await server.InitializeAsync(root);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the database <paramref name="name"/> (lower-case letters, digits and underscores, starting
    /// with a letter or underscore, at most 63 characters) and returns a connection string for it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain PostgreSQL database name ([a-z_][a-z0-9_]*, at most 63 characters)", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    /// <summary>Stops the server immediately and deletes its folder. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            {
                await RunAsync(PgCtl("stop", "-D", DataFolder, "-m", "immediate", "-w", "-t", "30"));
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The folder goes anyway; a server that would not stop loses its files.
        }
        finally
        {
            DeleteFolder();
            Running.TryRemove(this, out _);
        }
    }

    private async Task InitializeAsync(bool root)
    {
        Directory.CreateDirectory(SocketFolder);
        if (root)
        {
            await RunCheckedAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", Folder], "chown of the server folder");
        }

        await RunCheckedAsync(
            PgCommand("initdb", "-D", DataFolder, "-U", SystemUser, "-A", "trust", "-E", "UTF8", "--locale=C", "-N"),
            "initdb");

        // The port is free when chosen but another process may take it first: retry with a new one.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort();
            string options = string.Create(
                CultureInfo.InvariantCulture,
                $"-c listen_addresses=127.0.0.1 -p {Port} -k '{SocketFolder}' -c fsync=off -c full_page_writes=off -c synchronous_commit=off");
            var (code, output) = await RunAsync(PgCtl("start", "-D", DataFolder, "-l", LogFile, "-w", "-t", "30", "-o", options));
            if (code == 0)
            {
                break;
            }

            string log = ReadLog();
            if (attempt < 3 && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"pg_ctl start failed (exit {code}): {output.Trim()}\n{log}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SystemUser,
            Database = "postgres",
        }.ToString();
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                if (clock.Elapsed > ReadyTimeout)
                {
                    throw new TimeoutException($"PostgreSQL on port {Port} did not accept connections within {ReadyTimeout.TotalSeconds} s: {e.Message}\n{ReadLog()}", e);
                }

                await Task.Delay(50);
            }
        }
    }

    /// <summary>Unpooled, so that no connection to this server outlives it in a pool.</summary>
    private string AdminConnectionString()
        => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 5 }.ToString();

    private (string File, string[] Args) PgCtl(params string[] args) => PgCommand("pg_ctl", args);

    /// <summary>A PostgreSQL binary with its arguments, run as the postgres user when this process is root.</summary>
    private (string File, string[] Args) PgCommand(string binary, params string[] args)
    {
        string path = Path.Combine(binaries, binary);
        return runuser is null ? (path, args) : (runuser, ["-u", SystemUser, "--", path, .. args]);
    }

    private Task RunCheckedAsync(string file, string[] args, string what) => RunCheckedAsync((file, args), what);

    private async Task RunCheckedAsync((string File, string[] Args) command, string what)
    {
        var (code, output) = await RunAsync(command);
        if (code != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit {code}): {output.Trim()}");
        }
    }

    private async Task<(int Code, string Output)> RunAsync((string File, string[] Args) command)
    {
        var start = new ProcessStartInfo(command.File)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        foreach (string arg in command.Args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {command.File}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command.File} {string.Join(' ', command.Args)} did not finish within {StepTimeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private void DeleteFolder()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the system's temp cleaner.
        }
    }

    /// <summary>The bin folder of the highest PostgreSQL version under <paramref name="root"/> that has initdb and pg_ctl.</summary>
    internal static string FindBinaries(string root)
    {
        var candidates = Directory.Exists(root) ? Directory.GetDirectories(root) : [];
        var best = candidates
            .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
            .Where(c => c.Version is not null
                && File.Exists(Path.Combine(c.Dir, "bin", "initdb"))
                && File.Exists(Path.Combine(c.Dir, "bin", "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .FirstOrDefault();
        return best.Dir is null
            ? throw new InvalidOperationException(
                $"PostgreSQL server binaries (initdb, pg_ctl) not found under {root}/*/bin: install them with `apt-get install postgresql`")
            : Path.Combine(best.Dir, "bin");
    }

    private static Version? ParseVersion(string name)
        => Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static string FindRunuser()
    {
        string[] places = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"];
        return places.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("running as root but runuser (util-linux) is missing: PostgreSQL cannot run as root");
    }

    /// <summary>
    /// A fresh folder like <c>mktemp -d</c>. As root it must be reachable by the postgres user, so it goes
    /// under /tmp when the temp path has a parent that others cannot enter.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static string CreateFolder(bool root)
    {
        string parent = Path.GetTempPath();
        if (root && !ReachableByOthers(parent))
        {
            parent = "/tmp";
        }

        while (true)
        {
            string path = Path.Combine(parent, "actormail-pg-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6)));
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return path;
            }
        }
    }

    private static bool ReachableByOthers(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists || (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\A[a-z_][a-z0-9_]{0,62}\z")]
    private static partial Regex DatabaseName();

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
