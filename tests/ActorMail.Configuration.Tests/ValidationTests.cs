namespace ActorMail.Configuration.Tests;

/// <summary>Every problem is an error naming its HOCON path and its source; all are reported at once.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ConfPath => Path.Combine(_dir.Path, "actormail.conf");

    private SettingsError FileError(string file) => Loads.SingleError(Loads.Run(_dir, file));

    [Fact]
    public void Unknown_file_key_suggests_the_nearest_known_key()
    {
        var e = FileError("actormail.smtp.prot = 25");
        Assert.Equal("actormail.smtp.prot", e.Path);
        Assert.Equal(ConfPath, e.File);
        Assert.Equal($"unknown key actormail.smtp.prot in {ConfPath}; did you mean actormail.smtp.port?", e.Message);
    }

    [Theory]
    [InlineData("actormail.SMTP.port = 25", "actormail.SMTP", "actormail.smtp")]
    [InlineData("actormail { max-message-size = 1MiB }", "actormail.max-message-size", "actormail.smtp.max-message-size")]
    [InlineData("actormail.delivery.retry.frist = 1m", "actormail.delivery.retry.frist", "actormail.delivery.retry.first")]
    [InlineData("akka.loglevel = DEBUG", "akka", null)]
    [InlineData("\"actormail.smtp.port\" = 1", "\"actormail.smtp.port\"", "actormail.smtp.port")]
    public void Unknown_keys_anywhere_are_refused(string file, string path, string? suggestion)
    {
        var e = FileError(file);
        Assert.Equal(path, e.Path);
        if (suggestion is null) Assert.DoesNotContain("did you mean", e.Message);
        else Assert.EndsWith($"did you mean {suggestion}?", e.Message);
    }

    [Fact]
    public void Keys_of_features_not_built_are_unknown()
    {
        foreach (var key in new[] { "actormail.clamav.host", "actormail.http.api-key", "actormail.autoresponder.enabled", "actormail.language" })
        {
            var e = FileError(key + " = x");
            Assert.StartsWith(e.Path, key);
            Assert.StartsWith("unknown key " + e.Path + " in ", e.Message);
        }
    }

    [Theory]
    [InlineData("actormail.smtp.port = abc", "actormail.smtp.port", "'abc' is not a port number")]
    [InlineData("actormail.smtp.timeout = 5 parsecs", "actormail.smtp.timeout", "unknown duration unit 'parsecs'")]
    [InlineData("actormail.smtp.timeout = 30", "actormail.smtp.timeout", "has no unit")]
    [InlineData("actormail.smtp.max-message-size = 50MB", "actormail.smtp.max-message-size", "only IEC units B, KiB, MiB, GiB, TiB")]
    [InlineData("actormail.smtp.auth-policy = maybe", "actormail.smtp.auth-policy", "'maybe' is not one of always, internet-only, open-relay")]
    [InlineData("actormail.smtp.starttls = maybe", "actormail.smtp.starttls", "is not a boolean; use on, off, true, false, yes or no")]
    [InlineData("actormail.log.max-files = 0", "actormail.log.max-files", "out of range 1..")]
    [InlineData("actormail.imap.auto-expunge-interval = never", "actormail.imap.auto-expunge-interval", "(or off)")]
    [InlineData("actormail.listen-address = anywhere", "actormail.listen-address", "'anywhere' is not an IP address")]
    [InlineData("actormail.domains.primary = \"bad domain\"", "actormail.domains.primary", "is not a valid domain name")]
    [InlineData("actormail.domains.additional = [ok.test, \"-bad.test\"]", "actormail.domains.additional", "'-bad.test' is not a valid domain name")]
    [InlineData("actormail.postmaster = \"not an address\"", "actormail.postmaster", "is not a valid mail address")]
    [InlineData("actormail.delivery.force-sender = \"a@@b\"", "actormail.delivery.force-sender", "is not a valid mail address")]
    [InlineData("actormail.smtp.access.allow = [\"10.0.0.0/33\"]", "actormail.smtp.access.allow", "invalid prefix length (0..32)")]
    [InlineData("actormail.imap.access.deny = [nonsense]", "actormail.imap.access.deny", "is not an IP address or CIDR range")]
    [InlineData("actormail.delivery.dns-servers = [\"dns.example\"]", "actormail.delivery.dns-servers", "is not a DNS server")]
    [InlineData("actormail.tls.max-version-outbound = \"1.1\"", "actormail.tls.max-version-outbound", "is not one of 1.3, 1.2")]
    [InlineData("actormail.delivery.retry { first = 1h, max = 10m }", "actormail.delivery.retry.max", "is shorter than actormail.delivery.retry.first")]
    [InlineData("actormail.storage.provider = postgresql", "actormail.storage.connection-string", "postgresql needs an Npgsql connection string")]
    [InlineData("actormail.smtp.port = [25]", "actormail.smtp.port", "expected a single value, found a list")]
    [InlineData("actormail.smtp = 25", "actormail.smtp", "is a section")]
    [InlineData("actormail.smtp.port { a = 1 }", "actormail.smtp.port", "expected a value, found a section")]
    public void Wrong_values_name_path_file_and_problem(string file, string path, string problem)
    {
        var e = FileError(file);
        Assert.Equal(path, e.Path);
        Assert.Equal(ConfPath, e.File);
        Assert.StartsWith($"{path} in {ConfPath}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("0")]
    [InlineData("-2")]
    public void Listener_port_out_of_range_is_an_error(string port)
    {
        var e = FileError($"actormail.imap.ssl-port = {port}");
        Assert.Equal("actormail.imap.ssl-port", e.Path);
        Assert.Contains($"port {port} is out of range 1..65535 (-1 switches the listener off)", e.Message);
    }

    [Fact]
    public void Minus_one_switches_a_listener_off_and_cluster_port_zero_is_allowed()
    {
        var s = Loads.Valid(Loads.Run(_dir, "actormail { smtp.port = -1, imap.ssl-port = -1, cluster.port = 0 }"));
        Assert.Equal(-1, s.Smtp.Port);
        Assert.Equal(-1, s.Imap.SslPort);
        Assert.Equal(0, s.Cluster.Port);
        Assert.Contains("out of range", FileError("actormail.cluster.port = -1").Message);
        Assert.Contains("out of range", FileError("actormail.delivery.remote-port = -1").Message);
    }

    [Fact]
    public void Duplicate_ports_among_enabled_listeners_are_an_error()
    {
        var e = FileError("actormail.imap.port = 25");
        Assert.Equal("actormail.imap.port", e.Path);
        Assert.Contains("port 25 is also used by actormail.smtp.port", e.Message);

        // Off listeners do not clash.
        Assert.True(Loads.Run(_dir, "actormail { smtp.port = -1, imap.port = -1 }").IsValid);
        var env = Loads.SingleError(Loads.Run(_dir, "", new Dictionary<string, string> { ["ACTORMAIL__HTTP__PORT"] = "995" }));
        Assert.Equal("environment ACTORMAIL__HTTP__PORT", env.File);
    }

    [Fact]
    public void Configured_certificate_and_key_files_must_exist()
    {
        var e = FileError("actormail.tls.certificate = \"missing.crt\"");
        Assert.Equal("actormail.tls.certificate", e.Path);
        Assert.EndsWith($"file {Path.Combine(_dir.Path, "missing.crt")} does not exist", e.Message);

        _dir.Write("server.crt", "x");
        var key = FileError("actormail.tls { certificate = server.crt, private-key = missing.key }");
        Assert.Equal("actormail.tls.private-key", key.Path);

        Assert.Equal("actormail.delivery.smime.certificate", FileError("actormail.delivery.smime.certificate = nope.pfx").Path);
        Assert.True(Loads.Run(_dir, "actormail.tls.certificate = server.crt").IsValid);
    }

    [Fact]
    public void A_file_that_does_not_parse_gives_one_error_with_the_line()
    {
        var e = FileError("actormail {\n  smtp.port = 25\n  imap.port = @@\n}\n");
        Assert.Equal(ConfPath, e.File);
        Assert.Equal("", e.Path);
        Assert.StartsWith($"cannot parse {ConfPath}: line 3, column 15", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.DoesNotContain(" at ", e.Message);
    }

    [Theory]
    [InlineData("actormail.storage.connection-string = Data Source=/x.db")]
    [InlineData("actormail.smtp.port = ${?SMTP_PORT}")]
    [InlineData("actormail.smtp.port = ${SMTP_PORT}")]
    [InlineData("include \"other.conf\"")]
    public void Unsupported_syntax_is_one_error_naming_the_file(string file)
    {
        var e = FileError(file);
        Assert.StartsWith($"cannot parse {ConfPath}: ", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void A_switched_on_part_names_each_missing_companion_at_the_switch()
    {
        var r = Loads.Run(_dir, "actormail.delivery.dkim.domain = example.test");
        Assert.Equal(new[] { "actormail.delivery.dkim.selector", "actormail.delivery.dkim.private-key" }, r.Errors.Select(e => e.Path));
        Assert.All(r.Errors, e => Assert.Equal(ConfPath, e.File));
        Assert.All(r.Errors, e => Assert.EndsWith("is required when actormail.delivery.dkim.domain is set", e.Message));
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var r = Loads.Run(_dir, """
            actormail {
              smtp { prot = 25, timeout = soon }
              imap.port = 70000
              postmaster = "nobody"
            }
            """, new Dictionary<string, string> { ["ACTORMAIL__POP3__SSL_PORT"] = "x", ["ACTORMAIL__NOPE"] = "1" });
        Assert.Null(r.Settings);
        Assert.Equal(
            new[] { "actormail.imap.port", "actormail.nope", "actormail.pop3.ssl-port", "actormail.postmaster", "actormail.smtp.prot", "actormail.smtp.timeout" },
            r.Errors.Select(e => e.Path).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public void Warnings_mark_low_timeouts_open_relay_and_plaintext_logins()
    {
        var r = Loads.Run(_dir, """
            actormail {
              listen-address = 192.0.2.10
              auth.plaintext = always
              smtp { timeout = 2s, auth-policy = open-relay }
              imap.timeout = 1s
              pop3.timeout = 9m
            }
            """);
        Assert.True(r.IsValid);
        Assert.Contains(r.Warnings, w => w.StartsWith("actormail.smtp.timeout = 2s is below the 5m minimum of RFC 5321", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.StartsWith("actormail.imap.timeout = 1s is below the 30m minimum", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.StartsWith("actormail.pop3.timeout = 9m is below the 10m minimum", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("open-relay", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("auth.plaintext = always while listening on 192.0.2.10", StringComparison.Ordinal));

        var lan = Loads.Run(_dir, "actormail.listen-address = 192.168.1.5");
        Assert.Empty(lan.Warnings);
    }
}
