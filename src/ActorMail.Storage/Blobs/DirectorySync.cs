using System.Runtime.InteropServices;

namespace ActorMail.Storage.Blobs;

/// <summary>
/// Makes a directory entry durable (a created or renamed file survives power loss only once its
/// directory is fsynced). Linux only; elsewhere a no-op.
/// </summary>
internal static class DirectorySync
{
    private const int ORdOnly = 0;

    /// <summary>Fsyncs <paramref name="directory"/>; returns false when the platform has no such call.</summary>
    public static bool Sync(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // O_DIRECTORY differs between Linux architectures.
        int oDirectory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;
        int fd = NativeMethods.open(directory, ORdOnly | oDirectory);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} for fsync (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }

        return true;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
