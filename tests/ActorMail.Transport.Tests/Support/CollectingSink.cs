using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorMail.Transport.Tests.Support;

/// <summary>Keeps the log events written through <see cref="Logger"/>.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    public CollectingSink()
    {
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
    }

    public ILogger Logger { get; }

    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}
