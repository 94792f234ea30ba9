using ActorMail.Core;
using ActorMail.Delivery.Queue;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace ActorMail.Delivery.Outbound;

/// <summary>
/// MailKit's client with per-recipient results instead of exceptions, and the queued DSN parameters
/// passed on when the remote offers DSN: ENVID and RET on MAIL, NOTIFY on RCPT. MailKit writes ORCPT
/// itself, as the RCPT address and only with NOTIFY; the ORCPT received by ActorMail is echoed in
/// ActorMail's own notices. A copy sent as stored skips MailKit's re-encoding pass when it already
/// fits, and its SIZE is its stored length.
/// </summary>
internal sealed class OutboundSmtpClient : SmtpClient
{
    private Dictionary<string, QueuedRecipient> _recipients = new(StringComparer.Ordinal);
    private string? _envelopeId;
    private OutgoingCopy? _copy;

    /// <summary>Recipients refused in the current transaction, by address key.</summary>
    public Dictionary<string, SmtpResponse> Rejected { get; } = new(StringComparer.Ordinal);

    public void Begin(QueuedMessage queued, IReadOnlyList<QueuedRecipient> recipients, OutgoingCopy copy)
    {
        Rejected.Clear();
        _recipients = recipients.ToDictionary(r => r.Address.Key, StringComparer.Ordinal);
        _envelopeId = queued.EnvelopeId;
        _copy = copy;
        DeliveryStatusNotificationType = queued.Return switch
        {
            DsnReturn.Full => MailKit.Net.Smtp.DeliveryStatusNotificationType.Full,
            DsnReturn.Headers => MailKit.Net.Smtp.DeliveryStatusNotificationType.HeadersOnly,
            _ => MailKit.Net.Smtp.DeliveryStatusNotificationType.Unspecified,
        };
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Rejected[mailbox.Address.ToLowerInvariant()] = response;

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientsAcceptedException();

    protected override string? GetEnvelopeId(MimeMessage message) => _envelopeId;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        if (!_recipients.TryGetValue(mailbox.Address.ToLowerInvariant(), out var r)) return null;
        if (r.Notify == DsnNotify.Default) return null;
        if (r.Notify.HasFlag(DsnNotify.Never)) return DeliveryStatusNotification.Never;
        DeliveryStatusNotification n = 0;
        if (r.Notify.HasFlag(DsnNotify.Success)) n |= DeliveryStatusNotification.Success;
        if (r.Notify.HasFlag(DsnNotify.Failure)) n |= DeliveryStatusNotification.Failure;
        if (r.Notify.HasFlag(DsnNotify.Delay)) n |= DeliveryStatusNotification.Delay;
        return n;
    }

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        if (_copy is { Unchanged: true, SevenBitShortLines: true } && maxLineLength >= OutgoingCopy.MaxLine) return;
        base.Prepare(options, message, constraint, maxLineLength);
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken = default) =>
        _copy is { Unchanged: true } copy ? copy.StoredLength : base.GetSize(options, message, cancellationToken);

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken = default) =>
        _copy is { Unchanged: true } copy ? Task.FromResult(copy.StoredLength) : base.GetSizeAsync(options, message, cancellationToken);
}
