using ActorMail.Host.Cli;

namespace ActorMail.Host.Node;

/// <summary>
/// The data folder and its single-writer lock (CONTRACT.md "One writer"): the process that holds
/// data-dir/actormail.lock is the only one that opens the store.
/// </summary>
public sealed class DataFolder : IDisposable
{
    public const string LockFileName = "actormail.lock";
    public const string AdminSocketName = "admin.sock";

    private FileStream? _lock;

    public string Path { get; }
    public string LockPath => System.IO.Path.Combine(Path, LockFileName);
    public string AdminSocketPath => System.IO.Path.Combine(Path, AdminSocketName);

    public DataFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>Creates the folder if needed and checks that it is writable (exit 77 otherwise).</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(Path);
            var probe = System.IO.Path.Combine(Path, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new CliException(ExitCodes.NoPermission, $"data folder {Path} is not writable: {e.Message}");
        }
    }

    /// <summary>Takes the exclusive lock, or fails with exit 75 naming the lock file.</summary>
    public void Lock()
    {
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _lock.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            _lock.Write(pid);
            _lock.Flush(true);
        }
        catch (IOException)
        {
            _lock?.Dispose();
            _lock = null;
            throw new CliException(ExitCodes.TempFail, $"data folder {Path} is in use by another ActorMail process (lock {LockPath} held); try again later");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(ExitCodes.NoPermission, $"cannot lock {LockPath}: {e.Message}");
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
