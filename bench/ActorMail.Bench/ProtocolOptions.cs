namespace ActorMail.Bench;

/// <summary>Where and as whom the protocol-level sub-commands connect: host, SMTP and POP3 ports, user domain and password, sender, I/O timeout.</summary>
sealed record ProtocolOptions(string Host, int SmtpPort, int Pop3Port, string Domain, string Password, string Sender, TimeSpan IoTimeout);
