using ActorMail.Bench;
using ActorMail.Host.Node;
using Serilog;

// Durable write path benchmark (issue "ActorMail core"):
//   ingest   N messages of SIZE bytes from P producers into M mailboxes; each producer awaits the
//            durable acknowledgement (blob group commit + ingest log commit) before its next message.
//   recovery one mailbox holding K messages: time from a cold start to its first answer.
// Usage: dotnet run -c Release --project bench/ActorMail.Bench -- ingest [--messages 20000] [--producers 20] [--mailboxes 100] [--size 10240] [--mode node|tool]
//        dotnet run -c Release --project bench/ActorMail.Bench -- recovery [--messages 100000]
//        ... -- smtp-latency [--smtp-port 12525] [--pop3-port 12110] [--sessions 20] [--messages 5000] [--users 100] [--size 10240]
//        ... -- idle-exists [--imap-port 12143] [--smtp-port 12525] [--clients 1000] [--users 100] [--first-user 1]
//        ... -- seed --mbox FILE [--users 20] [--first-user 21] [--per-user 500] [--sessions 8] [--smtp-port 12525] [--pop3-port 12110]
// One type per sub-command: IngestBench, RecoveryBench, SmtpLatency and MboxSeed (through ProtocolLoad), IdleExists.
var cli = new CommandLine(args);
var what = cli.Command;
// Protocol-level sub-commands talk to a running server over loopback sockets and need no data folder.
if (what is "smtp-latency" or "seed") return await ProtocolLoad.RunAsync(what, cli.Opt);
if (what is "idle-exists") return await IdleExists.RunAsync(cli.Opt);
var dir = cli.Opt("--dir", Path.Combine(Path.GetTempPath(), "actormail-bench-" + Guid.NewGuid().ToString("N")[..8]));
Directory.CreateDirectory(dir);
var conn = $"Data Source={Path.Combine(dir, "actormail.db")}";
var mode = cli.Opt("--mode", "node") == "tool" ? RuntimeMode.Tool : RuntimeMode.Node;
Serilog.Log.Logger = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();

try
{
    if (what == "ingest") await IngestBench.RunAsync(cli.Opt, mode, dir, conn);
    else if (what == "recovery") await RecoveryBench.RunAsync(cli.Opt, dir, conn);
    else Console.Error.WriteLine("usage: ingest|recovery|smtp-latency|seed");
}
finally
{
    if (!cli.Has("--keep")) Directory.Delete(dir, true);
}
return 0;
