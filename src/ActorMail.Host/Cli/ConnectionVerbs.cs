using ActorMail.Delivery.Queue;
using Akka.Actor;
using ConnectionMode = ActorMail.Delivery.Queue.ConnectionMode;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>connection online|offline|reset|show</c> admin verbs (the run-time connection override).</summary>
internal sealed class ConnectionVerbs(CliContext cli)
{
    public async Task<int> Set(ConnectionMode? mode)
    {
        await cli.QueueCommand(new SetConnectionOverride(mode)).ConfigureAwait(false);
        cli.Out.Append(mode switch
        {
            ConnectionMode.Permanent => "connection: online (permanent)\n",
            ConnectionMode.Offline => "connection: offline; outbound mail stays queued\n",
            _ => $"connection: following actormail.connection ({cli.Settings.Connection.ToString().ToLowerInvariant()})\n",
        });
        return ExitCodes.Ok;
    }

    public async Task<int> Show(CliRequest r)
    {
        var v = await cli.Runtime.Queue.Ask<ConnectionOverrideValue>(new GetConnectionOverride(), CliContext.AskTimeout).ConfigureAwait(false);
        var configured = cli.Settings.Connection.ToString().ToLowerInvariant();
        var effective = v.Mode is null ? configured : v.Mode == ConnectionMode.Offline ? "offline" : "permanent";
        if (r.Json) return cli.Json(new { effective, configured, overridden = v.Mode is not null });
        cli.Out.Append($"connection: {effective}{(v.Mode is null ? " (from actormail.connection)" : " (set at run time; 'actormail connection reset' clears it)")}\n");
        return ExitCodes.Ok;
    }
}
