namespace ActorMail.Accounts;

/// <summary>Answer of the directory actor to a command or a list/get query.</summary>
public abstract record DirectoryReply
{
    /// <summary>Done. <paramref name="Value"/>: an <see cref="AccountInfo"/> after user commands and GetAccount, a page or list after list queries, else null.</summary>
    public sealed record Ok(object? Value) : DirectoryReply;

    public sealed record Failed(DirectoryError Error) : DirectoryReply;
}
