using ActorMail.Configuration;
using MimeKit;
using MimeKit.Cryptography;

namespace ActorMail.Delivery.Outbound;

/// <summary>
/// Signs outgoing copies: first S/MIME (the body becomes multipart/signed with the configured
/// certificate, SHA-256), then DKIM over the result (relaxed/relaxed, rsa-sha256). Before DKIM the
/// message is prepared for 7-bit transport so that no later re-encoding breaks the body hash.
/// Keys are loaded once; one instance may be shared by several workers.
/// </summary>
public sealed class MessageSigner
{
    private static readonly HeaderId[] DkimHeaders =
    {
        HeaderId.From, HeaderId.Sender, HeaderId.ReplyTo, HeaderId.To, HeaderId.Cc, HeaderId.Subject, HeaderId.Date,
        HeaderId.MessageId, HeaderId.InReplyTo, HeaderId.References, HeaderId.MimeVersion, HeaderId.ContentType,
        HeaderId.ContentTransferEncoding,
    };

    private readonly DkimSigner? _dkim;
    private readonly CmsSigner? _cms;
    private readonly Lock _gate = new();

    public MessageSigner(DkimSettings? dkim, SmimeSettings? smime)
    {
        if (dkim is not null)
        {
            _dkim = new DkimSigner(dkim.PrivateKeyPath, dkim.Domain, dkim.Selector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        }
        if (smime is not null)
            _cms = new CmsSigner(smime.CertificatePath, smime.Password ?? "") { DigestAlgorithm = DigestAlgorithm.Sha256 };
    }

    public bool IsActive => _dkim is not null || _cms is not null;

    /// <summary>Signs <paramref name="message"/> in place.</summary>
    public void Sign(MimeMessage message)
    {
        if (_cms is not null && message.Body is not null)
        {
            using var ctx = new TemporarySecureMimeContext();
            message.Body = MultipartSigned.Create(ctx, _cms, message.Body);
        }
        if (_dkim is not null)
        {
            message.Prepare(EncodingConstraint.SevenBit, 78);
            lock (_gate) _dkim.Sign(message, DkimHeaders.Where(h => h == HeaderId.From || message.Headers.Contains(h)).ToList());
        }
    }
}
