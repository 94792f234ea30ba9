using ActorMail.Accounts.Routing;
using ActorMail.Core;
using ActorMail.Delivery.Ingest;
using Akka.Actor;
using static ActorMail.Host.Cli.CliArguments;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>deliver</c> admin verb: local injection of a message, sendmail-like.</summary>
internal sealed class DeliverVerb(CliContext cli)
{
    public async Task<int> Deliver(CliRequest r)
    {
        var to = r.Option("--to") ?? throw new CliException(ExitCodes.Usage, "usage: actormail deliver [--from ADDR] --to ADDR[,ADDR...] < message.eml");
        MailAddress? from = null;
        if (r.Option("--from") is { } f && f is not ("" or "<>"))
            from = Address(f);
        var body = Convert.FromBase64String(r.InputText ?? "");
        if (body.Length == 0) throw new CliException(ExitCodes.DataError, "no message on standard input");
        var state = await cli.State().ConfigureAwait(false);
        var recipients = new List<EnvelopeRecipient>();
        var local = new List<string>();
        var remote = new List<EnvelopeRecipient>();
        foreach (var part in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var rcpt = Address(part);
            recipients.Add(new EnvelopeRecipient(rcpt));
            switch (Router.Resolve(state, rcpt, cli.Settings.Postmaster))
            {
                case RouteResult.Rejected rej:
                    throw new CliException(ExitCodes.NoUser, $"{rcpt}: {rej.Message}");
                case RouteResult.Accepted acc:
                    foreach (var t in acc.Targets)
                    {
                        if (t is LocalTarget lt) local.Add(lt.AccountKey);
                        else if (t is RemoteTarget rt) remote.Add(new EnvelopeRecipient(rt.Address));
                    }
                    break;
            }
        }
        var blob = await cli.Runtime.Blobs.PutAsync(body).ConfigureAwait(false);
        await cli.Runtime.Summaries.PrimeAsync(blob, body).ConfigureAwait(false);
        var reply = await cli.Runtime.Ingest.Ask(new IngestRequest(new MailEnvelope(from, recipients), blob, local.Distinct().ToList(), remote), CliContext.AskTimeout).ConfigureAwait(false);
        switch (reply)
        {
            case IngestAccepted a:
                cli.Out.Append(a.Id).Append('\n');
                return ExitCodes.Ok;
            case IngestRejected rej:
                throw new CliException(ExitCodes.DataError, rej.Reason);
            default:
                throw new CliException(ExitCodes.Software, "unexpected answer from the ingest log");
        }
    }
}
