using ActorMail.Accounts;
using ActorMail.Accounts.Routing;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Protocols.Smtp;

namespace ActorMail.Sessions.Smtp;

/// <summary>Where one accepted RCPT goes: local mailboxes (account keys) and remote addresses.</summary>
internal sealed record RecipientRoute(EnvelopeRecipient Recipient, IReadOnlyList<string> LocalAccounts, IReadOnlyList<EnvelopeRecipient> Remote);

/// <summary>
/// The manual's SMTP policies as pure decisions over the directory and the smtp settings: who may send
/// as whom, and which recipients are accepted, refused, or relayed.
/// </summary>
internal static class SmtpPolicy
{
    /// <summary>Null when MAIL may go ahead; otherwise the refusal.</summary>
    /// <param name="authUser">The authenticated account key, or null.</param>
    public static SmtpReply? CheckSender(DirectoryState directory, SmtpSettings smtp, MailAddress postmaster, SmtpListenerKind listener,
        MailAddress? sender, long? declaredSize, string? authUser)
    {
        if (authUser is null && (listener == SmtpListenerKind.Submission || smtp.AuthPolicy == SmtpAuthPolicy.Always))
            return SmtpReplies.AuthRequired;
        if (declaredSize is { } size && smtp.MaxMessageSize > 0 && size > smtp.MaxMessageSize)
            return SmtpReplies.SizeExceedsLimit;
        if (sender is not { } from) return null; // the null reverse-path (bounces) is always allowed
        if (authUser is not null && !Owns(directory, postmaster, authUser, from)) return SmtpReplies.SenderNotOwned;
        if (smtp.SenderMustBeLocal && directory.FindAccount(from) is null && directory.FindAlias(from) is null)
            return SmtpReplies.SenderNotLocal;
        return null;
    }

    /// <summary>True when <paramref name="address"/> is the account itself or an alias that delivers to it.</summary>
    public static bool Owns(DirectoryState directory, MailAddress postmaster, string accountKey, MailAddress address)
    {
        if (address.Key == accountKey) return true;
        if (directory.FindAlias(address) is null) return false;
        return Router.Resolve(directory, address, postmaster) is RouteResult.Accepted accepted &&
               accepted.Targets.Any(t => t is LocalTarget l && l.AccountKey == accountKey);
    }

    /// <summary>Routes one RCPT, or returns the refusal.</summary>
    public static (SmtpReply? Refusal, RecipientRoute? Route) CheckRecipient(DirectoryState directory, SmtpSettings smtp, MailAddress postmaster,
        EnvelopeRecipient recipient, bool authenticated)
    {
        var rcpt = recipient.Address;
        bool local = directory.IsLocalDomain(rcpt.Domain);
        if (!local && !authenticated && smtp.AuthPolicy != SmtpAuthPolicy.OpenRelay) return (SmtpReplies.RelayDenied, null);

        switch (Router.Resolve(directory, rcpt, postmaster))
        {
            case RouteResult.Rejected r:
                return (r.Reason == RouteRejection.InactiveAccount ? MailboxDisabled : SmtpReplies.UnknownUser, null);
            case RouteResult.Accepted a:
                var accounts = new List<string>();
                var remote = new List<EnvelopeRecipient>();
                foreach (var target in a.Targets)
                {
                    switch (target)
                    {
                        case LocalTarget l:
                            accounts.Add(l.AccountKey);
                            break;
                        case RemoteTarget t when t.Address.Equals(rcpt):
                            remote.Add(recipient);
                            break;
                        case RemoteTarget t:
                            // reached through an alias or forward: DSNs name the address the client gave
                            remote.Add(new EnvelopeRecipient(t.Address, recipient.Notify, recipient.OriginalRecipient ?? "rfc822;" + rcpt));
                            break;
                    }
                }
                if (local && smtp.AlwaysSendToInternet && accounts.Count > 0 && !remote.Any(r => r.Address.Equals(rcpt)))
                    remote.Add(recipient);
                return (null, new RecipientRoute(recipient, accounts, remote));
            default:
                return (SmtpReplies.TemporaryFailure, null);
        }
    }

    /// <summary>550 5.2.1 for a deactivated account.</summary>
    public static readonly SmtpReply MailboxDisabled = new(550, "5.2.1", "Mailbox disabled");
}
