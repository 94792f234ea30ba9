using System.Text;
using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Host.Node;
using Akka.Actor;
using ConnectionMode = ActorMail.Delivery.Queue.ConnectionMode;

namespace ActorMail.Host.Cli;

/// <summary>
/// Runs the admin verbs of CONTRACT.md against the actors of a <see cref="NodeRuntime"/>: the same
/// code serves a CLI process working on a stopped node's store and a running node answering on
/// its admin socket.
/// </summary>
public sealed class CommandDispatcher
{
    private readonly CliContext cli;
    private readonly DomainVerbs domains;
    private readonly UserVerbs users;
    private readonly AliasVerbs aliases;
    private readonly QueueVerbs queue;
    private readonly ConnectionVerbs connection;
    private readonly DeliverVerb deliver;
    private readonly StringBuilder _err = new();

    public CommandDispatcher(NodeRuntime runtime, ActorMailSettings settings, PasswordHasher hasher, LoginCache? loginCache = null)
    {
        cli = new CliContext(runtime, settings);
        domains = new DomainVerbs(cli);
        users = new UserVerbs(cli, hasher, loginCache);
        aliases = new AliasVerbs(cli);
        queue = new QueueVerbs(cli);
        connection = new ConnectionVerbs(cli);
        deliver = new DeliverVerb(cli);
    }

    public async Task<CliResponse> ExecuteAsync(CliRequest request)
    {
        cli.Out.Clear();
        _err.Clear();
        int exit;
        try
        {
            exit = await Dispatch(request).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            _err.Append("actormail: ").Append(e.Message).Append('\n');
            exit = e.ExitCode;
        }
        catch (AskTimeoutException)
        {
            _err.Append("actormail: the store did not answer in time; try again\n");
            exit = ExitCodes.TempFail;
        }
        return new CliResponse(exit, cli.Out.ToString(), _err.ToString());
    }

    private Task<int> Dispatch(CliRequest r)
    {
        var verb = r.Words.Count >= 2 ? r.Words[0] + " " + r.Words[1] : r.Words[0];
        return verb switch
        {
            "domain add" => domains.Add(r),
            "domain list" => domains.List(r),
            "domain remove" => domains.Remove(r),
            "user add" => users.Add(r),
            "user import" => users.Import(r),
            "user list" => users.List(r),
            "user show" => users.Show(r),
            "user set" => users.Set(r),
            "user passwd" => users.Passwd(r),
            "user remove" => users.Remove(r),
            "alias add" => aliases.Change(r, add: true),
            "alias remove" => aliases.Change(r, add: false),
            "alias list" => aliases.List(r),
            "queue list" => queue.List(r),
            "queue show" => queue.Show(r),
            "queue flush" => queue.Flush(),
            "queue delete" => queue.Delete(r),
            "connection online" => connection.Set(ConnectionMode.Permanent),
            "connection offline" => connection.Set(ConnectionMode.Offline),
            "connection reset" => connection.Set(null),
            "connection show" => connection.Show(r),
            "deliver" => deliver.Deliver(r),
            _ => throw new CliException(ExitCodes.Usage, $"unknown command '{string.Join(' ', r.Words)}'; see 'actormail help'"),
        };
    }
}
