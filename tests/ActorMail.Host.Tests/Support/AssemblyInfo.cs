// The suite drives the executable with POSIX signals, Unix domain sockets and file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
