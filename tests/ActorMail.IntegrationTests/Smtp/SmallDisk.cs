using System.Diagnostics;

namespace ActorMail.IntegrationTests.Smtp;

/// <summary>
/// A data folder one of whose sub-folders is its own 2 MiB tmpfs, for disk-full tests; on dispose the
/// file system is unmounted and the folder deleted (dispose the node first).
/// </summary>
internal sealed class SmallDisk : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _mounted;

    private SmallDisk(string root, string mounted)
    {
        _root = root;
        _mounted = mounted;
    }

    /// <summary>The folder to start the node on.</summary>
    public string Dir => _root;

    /// <summary>Mounts a 2 MiB tmpfs at <paramref name="subFolder"/> (e.g. "data/tmp") of a new temp folder.</summary>
    public static async Task<SmallDisk> MountAsync(string subFolder)
    {
        var root = Path.Combine(Path.GetTempPath(), "actormail-disk-" + Guid.NewGuid().ToString("N")[..10]);
        var mounted = Path.Combine(root, subFolder);
        Directory.CreateDirectory(mounted);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mounted);
        return new SmallDisk(root, mounted);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("umount", _mounted);
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }
}
