namespace ActorMail.Accounts.Events;

/// <summary>Marker of the directory's persisted events; bound to <see cref="Serialization.DirectorySerializer"/>.</summary>
public interface IDirectoryEvent
{
}
