using System.Net;

namespace ActorMail.Protocols.Smtp;

/// <summary>What one Received trace field records (RFC 5321 §4.4).</summary>
/// <param name="HeloName">The EHLO/HELO argument.</param>
/// <param name="ClientAddress">The client's IP address.</param>
/// <param name="ReverseDns">The client's verified host name, or null when unknown.</param>
/// <param name="HostName">This server's host name.</param>
/// <param name="Id">The message's queue id.</param>
/// <param name="Recipient">Named in the "for" clause; give it only when the message has one recipient.</param>
/// <param name="Date">When the message was received.</param>
/// <param name="Extended">EHLO (ESMTP) rather than HELO (SMTP).</param>
/// <param name="Tls">Received over TLS (RFC 3848 "S").</param>
/// <param name="Authenticated">The client authenticated (RFC 3848 "A").</param>
/// <param name="Utf8">An SMTPUTF8 transaction (RFC 6531 §3.7.3: UTF8SMTP…).</param>
public sealed record ReceivedInfo(
    string HeloName,
    IPAddress ClientAddress,
    string? ReverseDns,
    string HostName,
    string Id,
    string? Recipient,
    DateTimeOffset Date,
    bool Extended = true,
    bool Tls = false,
    bool Authenticated = false,
    bool Utf8 = false);
