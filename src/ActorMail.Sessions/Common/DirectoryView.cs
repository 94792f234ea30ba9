using ActorMail.Accounts;
using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>
/// The latest account directory, kept current by a subscriber actor, so that sessions route
/// recipients and check logins without a round trip per command. Reads are lock-free.
/// </summary>
public sealed class DirectoryView
{
    private volatile DirectoryState _current = DirectoryState.Empty;

    public DirectoryState Current => _current;

    internal void Set(DirectoryState state) => _current = state;

    /// <summary>Subscribes to the directory actor and waits for the first state.</summary>
    public static async Task<DirectoryView> StartAsync(ActorSystem system, IActorRef directory, TimeSpan timeout)
    {
        var view = new DirectoryView();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new Updater(view, directory, first)), "directory-view");
        await first.Task.WaitAsync(timeout).ConfigureAwait(false);
        return view;
    }

    private sealed class Updater : ReceiveActor
    {
        public Updater(DirectoryView view, IActorRef directory, TaskCompletionSource first)
        {
            Receive<DirectoryProtocol.DirectoryChanged>(c =>
            {
                view.Set(c.State);
                first.TrySetResult();
            });
            directory.Tell(new DirectoryProtocol.SubscribeDirectory(Self));
        }
    }
}
