namespace ActorMail.Configuration.Tests;

internal static class KeyChanges
{
    public static List<KeyChange> All(string cert, string key, string key2, string pfx)
    {
        string Q(string s) => "\"" + s + "\"";
        var list = new List<KeyChange>
        {
            new("data-dir", "./data", "other"),
            new("listen-address", "0.0.0.0", "127.0.0.1"),
            new("domains.primary", "localhost", "example.test"),
            new("domains.additional", "[]", "[b.test]"),
            new("postmaster", "\"\"", "\"admin@localhost\""),
            new("connection", "permanent", "offline"),
            new("storage.provider", "sqlite", "postgresql", "actormail.storage.connection-string = \"Host=db\""),
            new("storage.connection-string", "\"\"", "\"Data Source=/tmp/x.db\""),
            new("tls.certificate", "\"\"", Q(cert)),
            new("tls.private-key", "\"\"", Q(key), $"actormail.tls.certificate = {Q(cert)}"),
            new("tls.max-version-outbound", "\"1.3\"", "\"1.2\""),
            new("log.level", "information", "debug"),
            new("log.protocol", "off", "full"),
            new("log.sql", "off", "on"),
            new("log.max-file-size", "50MiB", "1MiB"),
            new("log.max-files", "10", "3"),
            new("auth.plaintext", "lan", "never"),
            new("auth.failure-delay", "2s", "0"),
            new("auth.max-failures-per-ip", "10", "3"),
            new("auth.failure-window", "5m", "1m"),
            new("auth.cache-ttl", "1h", "0"),
            new("smtp.port", "25", "2525"),
            new("smtp.submission-port", "587", "2587"),
            new("smtp.ssl-port", "465", "2465"),
            new("smtp.timeout", "5m", "10m"),
            new("smtp.auth-policy", "internet-only", "always"),
            new("smtp.starttls", "on", "off"),
            new("smtp.sender-must-be-local", "off", "on"),
            new("smtp.always-send-to-internet", "off", "on"),
            new("smtp.max-message-size", "50MiB", "10MiB"),
            new("smtp.max-recipients", "1000", "100"),
            new("smtp.max-bad-commands", "20", "5"),
            new("smtp.max-hops", "50", "30"),
            new("smtp.max-connections-per-ip", "50", "5"),
            new("imap.port", "143", "1143"),
            new("imap.ssl-port", "993", "1993"),
            new("imap.timeout", "30m", "1h"),
            new("imap.append-limit", "100MiB", "0"),
            new("imap.auto-expunge-interval", "off", "1d"),
            new("imap.max-connections-per-ip", "50", "5"),
            new("pop3.port", "110", "1110"),
            new("pop3.ssl-port", "995", "1995"),
            new("pop3.timeout", "10m", "20m"),
            new("pop3.max-connections-per-ip", "20", "5"),
            new("http.port", "6080", "8080"),
            new("http.ssl-port", "60443", "8443"),
            new("delivery.workers", "1", "4"),
            new("delivery.helo-name", "\"\"", "mail.example.test"),
            new("delivery.timeout", "5m", "2m"),
            new("delivery.smarthost.host", "\"\"", "relay.example.test"),
            new("delivery.smarthost.port", "587", "2500", "actormail.delivery.smarthost.host = relay.example.test"),
            new("delivery.smarthost.tls", "starttls", "implicit", "actormail.delivery.smarthost.host = relay.example.test"),
            new("delivery.smarthost.username", "\"\"", "u1", "actormail.delivery.smarthost.host = relay.example.test"),
            new("delivery.smarthost.password", "\"\"", "pw",
                "actormail.delivery.smarthost { host = relay.example.test, username = u1 }"),
            new("delivery.force-sender", "\"\"", "\"a@example.test\""),
            new("delivery.recipients-per-message", "0", "10"),
            new("delivery.throttle.messages", "0", "100"),
            new("delivery.throttle.pause", "60s", "5s"),
            new("delivery.retry.first", "5m", "10m"),
            new("delivery.retry.max", "4h", "8h"),
            new("delivery.give-up-after", "5d", "2d"),
            new("delivery.dns-servers", "[]", "[\"127.0.0.1:5353\"]"),
            new("delivery.remote-port", "25", "2525"),
            new("delivery.dkim.domain", "\"\"", "example.test",
                $"actormail.delivery.dkim {{ selector = s1, private-key = {Q(key)} }}"),
            new("delivery.dkim.selector", "s1", "s2",
                $"actormail.delivery.dkim {{ domain = example.test, private-key = {Q(key)} }}"),
            new("delivery.dkim.private-key", Q(key), Q(key2),
                "actormail.delivery.dkim { domain = example.test, selector = s1 }"),
            new("delivery.smime.certificate", "\"\"", Q(pfx)),
            new("delivery.smime.password", "\"\"", "pw", $"actormail.delivery.smime.certificate = {Q(pfx)}"),
            new("cluster.hostname", "\"127.0.0.1\"", "localhost"),
            new("cluster.port", "0", "4053"),
        };
        foreach (var protocol in new[] { "smtp", "imap", "pop3" })
        {
            list.Add(new($"{protocol}.access.preset", "any", "lan-only"));
            list.Add(new($"{protocol}.access.allow", "[]", "[\"10.0.0.0/8\"]"));
            list.Add(new($"{protocol}.access.deny", "[]", "[\"192.0.2.0/24\", \"2001:db8::1\"]"));
        }
        return list;
    }
}
