using ActorMail.Configuration;
using Serilog;
using Serilog.Events;

namespace ActorMail.Host;

/// <summary>
/// Serilog for the node: console plus rolling files under data-dir/logs, capped by size and count
/// (actormail.log.max-file-size, .max-files) so the logs can never fill the disk. The protocol log
/// (actormail.log.protocol) and the SQL log (actormail.log.sql) are separate files with the same caps.
/// </summary>
public static class LogSetup
{
    public const string ProtocolContext = "ActorMail.Protocol";
    public const string SqlContext = "ActorMail.Sql";

    public static void ConfigureForNode(ActorMailSettings settings)
    {
        var logs = Path.Combine(settings.DataDir, "logs");
        Directory.CreateDirectory(logs);
        var level = ToSerilog(settings.Log.Level);
        const string template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Akka", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // A start-up failure is logged once by ActorMail itself, as one line naming the cause.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .MinimumLevel.Override(ProtocolContext, LogEventLevel.Verbose)
            .MinimumLevel.Override(SqlContext, LogEventLevel.Verbose)
            .Enrich.FromLogContext()
            .WriteTo.Logger(l => l
                .Filter.ByExcluding(e => IsFrom(e, ProtocolContext) || IsFrom(e, SqlContext))
                .WriteTo.Console(outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose)
                .WriteTo.File(Path.Combine(logs, "actormail-.log"), outputTemplate: template,
                    rollingInterval: RollingInterval.Day, fileSizeLimitBytes: settings.Log.MaxFileSize,
                    rollOnFileSizeLimit: true, retainedFileCountLimit: settings.Log.MaxFiles, shared: false));
        if (settings.Log.Protocol != ProtocolLogMode.Off)
            config = config.WriteTo.Logger(l => l
                .Filter.ByIncludingOnly(e => IsFrom(e, ProtocolContext))
                .WriteTo.File(Path.Combine(logs, "protocol-.log"), outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Message:lj}{NewLine}",
                    rollingInterval: RollingInterval.Day, fileSizeLimitBytes: settings.Log.MaxFileSize,
                    rollOnFileSizeLimit: true, retainedFileCountLimit: settings.Log.MaxFiles));
        if (settings.Log.Sql)
            config = config.WriteTo.Logger(l => l
                .Filter.ByIncludingOnly(e => IsFrom(e, SqlContext))
                .WriteTo.File(Path.Combine(logs, "sql-.log"), outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Message:lj}{NewLine}",
                    rollingInterval: RollingInterval.Day, fileSizeLimitBytes: settings.Log.MaxFileSize,
                    rollOnFileSizeLimit: true, retainedFileCountLimit: settings.Log.MaxFiles));
        Log.Logger = config.CreateLogger();
    }

    /// <summary>CLI verbs working on a stopped node's store: warnings and errors on stderr only.</summary>
    public static void ConfigureForTool(ActorMailSettings settings)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Warning()
            .WriteTo.Console(outputTemplate: "actormail: {Message:lj}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
    }

    private static bool IsFrom(LogEvent e, string context) =>
        e.Properties.TryGetValue("SourceContext", out var v) && v is ScalarValue { Value: string s } && s.StartsWith(context, StringComparison.Ordinal);

    private static LogEventLevel ToSerilog(ActorMailLogLevel level) => level switch
    {
        ActorMailLogLevel.Verbose => LogEventLevel.Verbose,
        ActorMailLogLevel.Debug => LogEventLevel.Debug,
        ActorMailLogLevel.Information => LogEventLevel.Information,
        ActorMailLogLevel.Warning => LogEventLevel.Warning,
        ActorMailLogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
