namespace ActorMail.Accounts.Authentication;

/// <summary>The outcome of a login attempt.</summary>
public abstract record AuthResult
{
    /// <summary>Logged in as the account with this <see cref="Core.MailAddress.Key"/>.</summary>
    public sealed record Success(string AccountKey) : AuthResult;

    public sealed record Failed(AuthFailure Reason) : AuthResult;
}
