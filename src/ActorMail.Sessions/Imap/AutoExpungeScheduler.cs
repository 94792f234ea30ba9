using ActorMail.Mailboxes.Actors;
using ActorMail.Mailboxes.Store;
using ActorMail.Sessions.Common;
using Akka.Actor;

namespace ActorMail.Sessions.Imap;

/// <summary>
/// The manual's "permanently delete automatically deleted emails": every interval, asks the mailbox of
/// every account in the directory to expunge its \Deleted messages in every folder (<see cref="AutoExpunge"/>).
/// Sessions that have a folder selected learn of the removals through their mailbox watch.
/// </summary>
public sealed class AutoExpungeScheduler : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public AutoExpungeScheduler(SessionServices services, TimeSpan interval)
    {
        Receive<Tick>(_ =>
        {
            foreach (var account in services.Directory.Current.Accounts.Keys)
            {
                services.Mailboxes.Tell(new MailboxEnvelope(account, new AutoExpunge()));
            }
        });

        // Replies of the mailboxes: nothing to do with them.
        Receive<MailboxResponse>(_ => { });
        _interval = interval;
    }

    private readonly TimeSpan _interval;

    protected override void PreStart() => Timers.StartPeriodicTimer("auto-expunge", Tick.Instance, _interval);

    public static Props Props(SessionServices services, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new AutoExpungeScheduler(services, interval));
}
