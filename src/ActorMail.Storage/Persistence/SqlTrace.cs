using System.Diagnostics;
using LinqToDB.Data;

namespace ActorMail.Storage.Persistence;

/// <summary>
/// Routes the SQL statements that Akka.Persistence.Sql runs (through linq2db) to a sink, for
/// <c>actormail.log.sql</c>: each statement's text once, before it runs, plus transaction begin/commit
/// labels. Only the text is passed on: no parameter values, no results.
/// Process-wide: linq2db's trace hooks are static.
/// </summary>
public static class SqlTrace
{
    private static Action<string>? sink;

    /// <summary>Starts passing each statement's text to <paramref name="statementSink"/> before it runs.</summary>
    public static void Enable(Action<string> statementSink)
    {
        ArgumentNullException.ThrowIfNull(statementSink);
        Volatile.Write(ref sink, statementSink);
        DataConnection.DefaultOnTraceConnection = OnTrace;
        DataConnection.TurnTraceSwitchOn(TraceLevel.Info);
    }

    /// <summary>Stops the tracing started by <see cref="Enable"/>.</summary>
    public static void Disable()
    {
        DataConnection.TurnTraceSwitchOn(TraceLevel.Off);
        Volatile.Write(ref sink, null);
    }

    private static void OnTrace(TraceInfo info)
    {
        if (info.TraceInfoStep != TraceInfoStep.BeforeExecute)
        {
            return;
        }

        // Statements carry their text on the DbCommand (placeholders such as @PersistenceId, never the
        // values); transaction steps carry a short label (e.g. "CommitTransactionAsync") in CommandText.
        var target = Volatile.Read(ref sink);
        var text = info.Command?.CommandText is { Length: > 0 } sql ? sql : info.CommandText;
        if (target is not null && !string.IsNullOrWhiteSpace(text))
        {
            target(text.Trim());
        }
    }
}
