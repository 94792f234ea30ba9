namespace ActorMail.Host.Cli;

/// <summary>sysexits.h codes used by every CLI verb (CONTRACT.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataError = 65;
    public const int NoInput = 66;
    public const int NoUser = 67;
    public const int Software = 70;
    public const int OsError = 71;
    public const int CantCreate = 73;
    public const int TempFail = 75;
    public const int NoPermission = 77;
    public const int Config = 78;
}

/// <summary>A failure to report as one line on stderr with its exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
