using System.Diagnostics;
using ActorMail.Host.Cli;
using ActorMail.Host.Node;

namespace ActorMail.Host.Tests.Support;

/// <summary>
/// <c>actormail run</c> as a background child process. <see cref="StartAsync"/> returns once the
/// node's admin socket exists and answers a request; <see cref="StopAsync"/> sends SIGTERM,
/// <see cref="KillAsync"/> SIGKILL. Disposing kills a node that is still running.
/// </summary>
public sealed class RunningNode : IAsyncDisposable
{
    /// <summary>Pause between two checks of a condition that is waited on with a timeout.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Bound on start-up until the admin socket answers.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Bound on a clean shutdown after SIGTERM.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private RunningNode(Process process, string adminSocket)
    {
        _process = process;
        AdminSocket = adminSocket;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    public string AdminSocket { get; }

    public bool HasExited => _process.HasExited;

    public static async Task<RunningNode> StartAsync(ProcessStartInfo start, string adminSocket)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        process.StandardInput.Close();
        var node = new RunningNode(process, adminSocket);
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"actormail run exited with {process.ExitCode} before it answered\n{await node.OutputAsync()}");
                if (File.Exists(adminSocket))
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        var answer = await AdminClient.TrySendAsync(adminSocket, new CliRequest { Words = ["domain", "list"] }, attempt.Token);
                        if (answer is { Exit: 0 }) return node;
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException or CliException)
                    {
                        // Not ready yet: the node is still starting.
                    }
                }
                if (clock.Elapsed > StartTimeout)
                    throw new TimeoutException($"actormail run did not answer on {adminSocket} within {StartTimeout.TotalSeconds} s");
                await Task.Delay(PollInterval);
            }
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one admin request to the node (as the CLI does); fails when nothing answers.</summary>
    public async Task<CliResponse> SendAsync(CliRequest request, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await AdminClient.TrySendAsync(AdminSocket, request, cts.Token)
               ?? throw new InvalidOperationException("the node's admin socket does not answer");
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited) Signals.Send(_process.Id, Signals.SigTerm);
        using var cts = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw new TimeoutException($"actormail run did not stop within {StopTimeout.TotalSeconds} s of SIGTERM\n{await OutputAsync()}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (kill -9), then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) Signals.Send(_process.Id, Signals.SigKill);
        await _process.WaitForExitAsync();
    }

    /// <summary>The node's stdout; completes once it has exited.</summary>
    public Task<string> StdoutAsync() => _stdout;

    /// <summary>Everything the node wrote; completes once it has exited.</summary>
    public async Task<string> OutputAsync()
    {
        if (!_process.HasExited) return "(still running)";
        return $"--- stdout\n{await _stdout}\n--- stderr\n{await _stderr}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
