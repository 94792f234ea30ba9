using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Host.Node;

namespace ActorMail.Host.Cli;

/// <summary>
/// Runs an admin verb: inside the running node through its admin socket when one runs on the data
/// folder, otherwise in this process on the store, holding the data-folder lock meanwhile.
/// </summary>
public static class CliClient
{
    public static async Task<int> ExecuteAsync(ActorMailSettings settings, CliRequest request)
    {
        var folder = new DataFolder(settings.DataDir);
        var response = await AdminClient.TrySendAsync(folder.AdminSocketPath, request, CancellationToken.None).ConfigureAwait(false);
        if (response is null)
        {
            folder.EnsureWritable();
            using (folder)
            {
                folder.Lock();
                LogSetup.ConfigureForTool(settings);
                await using var runtime = await NodeRuntime.StartAsync(RuntimeMode.Tool, settings, SystemClock.Instance, CancellationToken.None).ConfigureAwait(false);
                await runtime.SeedDomainsAsync(settings).ConfigureAwait(false);
                response = await new CommandDispatcher(runtime, settings, new PasswordHasher()).ExecuteAsync(request).ConfigureAwait(false);
                // A delivery acknowledged here (or one left unsettled by an earlier process) reaches its
                // mailboxes and the queue before the store closes, so the next verb sees it at once.
                await runtime.WaitUntilIngestSettledAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        if (response.Stdout.Length > 0) await Console.Out.WriteAsync(response.Stdout).ConfigureAwait(false);
        if (response.Stderr.Length > 0) await Console.Error.WriteAsync(response.Stderr).ConfigureAwait(false);
        return response.Exit;
    }
}

public static class Usage
{
    public const string Text = """
        usage: actormail [--config FILE] [--data DIR] COMMAND [--json]

          run                                   start the node in the foreground
          config check                          validate and print the effective settings
          domain add|remove DOMAIN | domain list
          user add ADDRESS [--name N] [--password-stdin]
          user import FILE                      address<TAB>password[<TAB>name] per line
          user list | user show ADDRESS
          user set ADDRESS [--name N] [--active true|false] [--forward ADDR,... [--keep-copy]] [--smarthost HOST:PORT|none]
          user passwd ADDRESS --password-stdin
          user remove ADDRESS                   removes the account and its mail
          alias add|remove ALIAS TARGET | alias list
          queue list | queue show ID | queue flush | queue delete ID
          connection online|offline|show|reset
          deliver [--from ADDR] --to ADDR[,ADDR...] < message.eml

        Exit codes: 0 ok, 64 usage, 65 malformed input, 67 no such user/domain/id, 73 already exists,
        75 node busy or store locked, 77 data folder not writable, 78 invalid configuration, 70 internal error.

        """;
}
