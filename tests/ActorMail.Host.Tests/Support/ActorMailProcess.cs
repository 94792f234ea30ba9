using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorMail.Host.Tests.Support;

/// <summary>What one run of the <c>actormail</c> executable produced.</summary>
public sealed record CliResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Lines of stderr that are not start-up warnings.</summary>
    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("warning:", StringComparison.Ordinal))
            .ToList();

    /// <summary>Asserts exit 0 and returns stdout.</summary>
    public string ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"expected exit 0 from {this}");
        AssertNoRuntimeLogOnStdout(Stdout);
        return Stdout;
    }

    /// <summary>
    /// Asserts the exit code, and that the failure is reported as exactly one line on stderr starting with
    /// "actormail: " and without a stack trace anywhere. Returns that line.
    /// </summary>
    public string ShouldFailWith(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode} from {this}");
        var lines = ErrorLines;
        Assert.True(lines.Count == 1, $"expected one error line on stderr from {this}");
        Assert.StartsWith("actormail: ", lines[0], StringComparison.Ordinal);
        AssertNoStackTrace();
        return lines[0];
    }

    /// <summary>No output looks like a .NET stack trace.</summary>
    public void AssertNoStackTrace()
    {
        foreach (var text in new[] { Stdout, Stderr })
        {
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
            Assert.DoesNotContain("--- End of", text, StringComparison.Ordinal);
        }
    }

    /// <summary>The actor runtime's own log lines ("[INFO][date][Thread …]") must never reach stdout, where verbs print their results.</summary>
    public static void AssertNoRuntimeLogOnStdout(string stdout) =>
        Assert.DoesNotMatch(@"(?m)^\[(DEBUG|INFO|WARNING|ERROR)\]\[", stdout);

    public override string ToString() =>
        $"actormail {string.Join(' ', Args)}: exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built <c>actormail</c> executable (its <c>actormail.dll</c>, copied beside the tests by the
/// project reference) as a child process through the <c>dotnet</c> host.
/// </summary>
public static class ActorMailProcess
{
    /// <summary>Default bound on one CLI run; the machine may be busy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "actormail.dll");

    /// <summary>The dotnet host that runs this test process, else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// A start description with stdin, stdout and stderr redirected. Inherited ACTORMAIL__* variables are
    /// dropped so that only <paramref name="environment"/> configures the child.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        if (!File.Exists(DllPath)) throw new FileNotFoundException("the actormail executable is not beside the tests", DllPath);
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ACTORMAIL__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return start;
    }

    /// <summary>
    /// Runs to completion: writes <paramref name="stdin"/> (then closes stdin; an empty, closed stdin when
    /// null), and kills the process if it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CliResult> RunAsync(ProcessStartInfo start, string? stdin, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited before reading its input; its exit code tells.
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            throw new TimeoutException($"actormail {string.Join(' ', start.ArgumentList.Skip(1))} did not exit within {timeout.TotalSeconds} s\n--- stdout\n{await stdout.ConfigureAwait(false)}\n--- stderr\n{await stderr.ConfigureAwait(false)}");
        }

        return new CliResult(start.ArgumentList.Skip(1).ToList(), process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}

/// <summary>POSIX signals for child processes (Process.Kill is SIGKILL on Linux; SIGTERM needs libc).</summary>
internal static class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
