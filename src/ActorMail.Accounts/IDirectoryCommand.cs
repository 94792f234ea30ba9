namespace ActorMail.Accounts;

/// <summary>A command that changes the account directory; decided by <see cref="DirectoryLogic.Decide"/>.</summary>
public interface IDirectoryCommand
{
}
