using ActorMail.Delivery.Queue;
using Akka.Actor;

namespace ActorMail.Host.Cli;

/// <summary>Runs the <c>queue list|show|flush|delete</c> admin verbs.</summary>
internal sealed class QueueVerbs(CliContext cli)
{
    public async Task<int> List(CliRequest r)
    {
        var all = new List<QueuedMessage>();
        string? after = null;
        while (true)
        {
            var page = await cli.Runtime.Queue.Ask<QueuePage>(new ListQueue(after, OutboundQueueActor.MaxPage), CliContext.AskTimeout).ConfigureAwait(false);
            all.AddRange(page.Messages);
            if (!page.More || page.Messages.Count == 0) break;
            after = page.Messages[^1].Id;
        }
        if (r.Json) return cli.Json(all.Select(QueueView).ToList());
        if (all.Count == 0) cli.Out.Append("the queue is empty\n");
        foreach (var m in all)
            cli.Out.Append($"{m.Id}  {m.QueuedAt:u}  {m.Blob.Length,9}  from {m.Sender?.ToString() ?? "<>"}  to {string.Join(", ", m.Recipients.Where(x => x.Status == RecipientStatus.Pending).Select(x => x.Address.ToString()))}\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Show(CliRequest r)
    {
        var id = r.Word(2, "ID");
        var found = await cli.Runtime.Queue.Ask<QueuedLookup>(new GetQueued(id), CliContext.AskTimeout).ConfigureAwait(false);
        var m = found.Message ?? throw new CliException(ExitCodes.NoUser, $"no queued message {id}");
        if (r.Json) return cli.Json(QueueView(m));
        cli.Out.Append($"id:        {m.Id}\nqueued:    {m.QueuedAt:u}\nfrom:      {m.Sender?.ToString() ?? "<>"}\nsize:      {m.Blob.Length}\nblob:      {m.Blob.Hash}\n");
        foreach (var x in m.Recipients)
            cli.Out.Append($"to:        {x.Address}  {x.Status.ToString().ToLowerInvariant()}  attempts {x.Attempts}  next {x.NextAttempt:u}  {x.LastError}\n");
        return ExitCodes.Ok;
    }

    private static object QueueView(QueuedMessage m) => new
    {
        id = m.Id,
        queuedAt = m.QueuedAt,
        sender = m.Sender?.ToString(),
        size = m.Blob.Length,
        envelopeId = m.EnvelopeId,
        recipients = m.Recipients.Select(x => new
        {
            address = x.Address.ToString(),
            status = x.Status.ToString().ToLowerInvariant(),
            attempts = x.Attempts,
            nextAttempt = x.NextAttempt,
            lastError = x.LastError,
        }).ToList(),
    };

    public async Task<int> Flush()
    {
        await cli.QueueCommand(new FlushQueue()).ConfigureAwait(false);
        cli.Out.Append("every queued message is due now\n");
        return ExitCodes.Ok;
    }

    public async Task<int> Delete(CliRequest r)
    {
        var id = r.Word(2, "ID");
        await cli.QueueCommand(new DeleteQueued(id)).ConfigureAwait(false);
        cli.Out.Append($"queued message {id} deleted\n");
        return ExitCodes.Ok;
    }
}
