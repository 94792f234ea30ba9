using System.Text;
using System.Text.Json;
using ActorMail.Accounts;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Delivery.Queue;
using ActorMail.Host.Node;
using ActorMail.Mailboxes.Actors;
using Akka.Actor;

namespace ActorMail.Host.Cli;

/// <summary>What the admin verb handlers share: the node's actors and settings, the standard output of the answer and the asks they make.</summary>
internal sealed class CliContext(NodeRuntime runtime, ActorMailSettings settings)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public NodeRuntime Runtime => runtime;

    public ActorMailSettings Settings => settings;

    /// <summary>Standard output of the request being run.</summary>
    public StringBuilder Out { get; } = new();

    public ConfiguredDomains Configured => new(settings.Domains.Primary, settings.Domains.Additional);

    public async Task<MailAddress> Login(string text)
    {
        var primary = (await State().ConfigureAwait(false)).PrimaryDomain ?? settings.Domains.Primary;
        return MailAddress.TryParseLogin(text, primary, out var a) ? a : throw new CliException(ExitCodes.DataError, $"'{text}' is not a valid address");
    }

    public async Task<DirectoryState> State() =>
        await runtime.Directory.Ask<DirectoryState>(new DirectoryProtocol.GetSnapshot(), AskTimeout).ConfigureAwait(false);

    public Task<DirectoryReply> AskDirectory(IDirectoryCommand c) => runtime.Directory.Ask<DirectoryReply>(c, AskTimeout);

    public async Task Command(IDirectoryCommand c)
    {
        var reply = await AskDirectory(c).ConfigureAwait(false);
        if (reply is DirectoryReply.Failed { Error: var e }) throw new CliException(ExitCode(e), e.Message);
    }

    public async Task QueueCommand(QueueCommand c)
    {
        var reply = await runtime.Queue.Ask<QueueReply>(new QueueRequest(c), AskTimeout).ConfigureAwait(false);
        if (reply.Error is { } e)
            throw new CliException(e == QueueError.NotFound ? ExitCodes.NoUser : ExitCodes.DataError, reply.ErrorText ?? e.ToString());
    }

    public async Task<object> AskMailbox(string account, object message)
    {
        var resp = await runtime.Mailboxes.Ask<MailboxResponse>(new MailboxEnvelope(account, message), AskTimeout).ConfigureAwait(false);
        return resp.Result;
    }

    public int Json(object value)
    {
        Out.Append(JsonSerializer.Serialize(value, JsonOptions)).Append('\n');
        return ExitCodes.Ok;
    }

    private static int ExitCode(DirectoryError e) => e.Kind switch
    {
        DirectoryErrorKind.NotFound => ExitCodes.NoUser,
        DirectoryErrorKind.NotLocalDomain => ExitCodes.NoUser,
        DirectoryErrorKind.AlreadyExists => ExitCodes.CantCreate,
        DirectoryErrorKind.DomainInUse when e.SettingsKey is not null => ExitCodes.Config,
        _ => ExitCodes.DataError,
    };
}
