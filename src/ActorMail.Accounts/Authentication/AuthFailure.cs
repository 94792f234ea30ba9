namespace ActorMail.Accounts.Authentication;

/// <summary>Why a login failed. Sessions answer all of them with the same generic text.</summary>
public enum AuthFailure
{
    /// <summary>Unknown login name or wrong password.</summary>
    BadCredentials,
    /// <summary>The client address failed too often in the current window; the password was not checked.</summary>
    TooManyFailures,
    /// <summary>The password is right but the account is deactivated.</summary>
    Inactive,
}
