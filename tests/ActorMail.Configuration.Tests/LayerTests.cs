namespace ActorMail.Configuration.Tests;

/// <summary>Precedence: --data > environment > user file > reference, and how each layer is found.</summary>
public sealed class LayerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void File_overrides_reference()
    {
        var r = Loads.Run(_dir, "actormail.smtp.port = 2525");
        Assert.Equal(2525, Loads.Valid(r).Smtp.Port);
        Assert.Equal("file " + Path.Combine(_dir.Path, "actormail.conf"), Loads.Effective(r, "actormail.smtp.port").Origin);
        Assert.Equal("reference", Loads.Effective(r, "actormail.imap.port").Origin);
    }

    [Fact]
    public void Environment_overrides_file()
    {
        var r = Loads.Run(_dir, "actormail.smtp { port = 2525, ssl-port = 2465 }",
            new Dictionary<string, string> { ["ACTORMAIL__SMTP__PORT"] = "2626" });
        var s = Loads.Valid(r);
        Assert.Equal(2626, s.Smtp.Port);
        Assert.Equal(2465, s.Smtp.SslPort);
        Assert.Equal("environment ACTORMAIL__SMTP__PORT", Loads.Effective(r, "actormail.smtp.port").Origin);
    }

    [Fact]
    public void Data_flag_overrides_environment_and_file()
    {
        var r = Loads.Run(_dir, "actormail.data-dir = from-file",
            new Dictionary<string, string> { ["ACTORMAIL__DATA_DIR"] = "from-env" }, data: "from-flag");
        Assert.Equal(Path.Combine(_dir.Path, "from-flag"), Loads.Valid(r).DataDir);
        Assert.Equal("--data", Loads.Effective(r, "actormail.data-dir").Origin);

        var withoutFlag = Loads.Run(_dir, env: new Dictionary<string, string> { ["ACTORMAIL__DATA_DIR"] = "from-env" });
        Assert.Equal(Path.Combine(_dir.Path, "from-env"), Loads.Valid(withoutFlag).DataDir);
    }

    [Fact]
    public void Relative_data_dir_is_resolved_against_the_working_directory_and_drives_derived_paths()
    {
        var s = Loads.Valid(Loads.Run(_dir, "actormail.data-dir = \"mail/store\""));
        var expected = Path.Combine(_dir.Path, "mail", "store");
        Assert.Equal(expected, s.DataDir);
        Assert.Equal("Data Source=" + Path.Combine(expected, "actormail.db"), s.Storage.ConnectionString);
        Assert.Equal(Path.Combine(expected, "tls", "localhost.crt"), s.Tls.CertificatePath);

        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");
        Assert.Equal(absolute, Loads.Valid(Loads.Run(_dir, data: absolute)).DataDir);
    }

    [Fact]
    public void Explicit_config_file_is_read_instead_of_the_default_one()
    {
        _dir.Write("actormail.conf", "actormail.smtp.port = 2525");
        var other = _dir.Write("conf/other.conf", "actormail.smtp.port = 3535");
        var r = Loads.Run(_dir, configFile: "conf/other.conf");
        Assert.Equal(3535, Loads.Valid(r).Smtp.Port);
        Assert.Equal(other, r.ConfigFile);
    }

    [Fact]
    public void Source_from_process_takes_its_environment_and_working_directory()
    {
        var source = SettingsSource.FromProcess(null, "d");
        Assert.Equal(Directory.GetCurrentDirectory(), source.WorkingDirectory);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), source.Environment["PATH"]);
        Assert.Equal("d", source.DataDirFlag);
    }

    [Fact]
    public void No_file_is_fine_when_none_was_asked_for()
    {
        var r = Loads.Run(_dir);
        Assert.True(r.IsValid);
        Assert.Null(r.ConfigFile);
    }

    [Fact]
    public void Missing_explicit_config_file_is_an_error()
    {
        var e = Loads.SingleError(Loads.Run(_dir, configFile: "nope.conf"));
        var path = Path.Combine(_dir.Path, "nope.conf");
        Assert.Equal(path, e.File);
        Assert.Equal($"config file {path} does not exist", e.Message);
    }

    [Fact]
    public void Derived_values_follow_their_sources()
    {
        var s = Loads.Valid(Loads.Run(_dir, "actormail.domains.primary = Example.TEST"));
        Assert.Equal("example.test", s.Domains.Primary);
        Assert.Equal("postmaster@example.test", s.Postmaster.ToString());
        Assert.Equal(Loads.HostName, s.Delivery.HeloName);
    }

    [Fact]
    public void Set_values_replace_derived_ones()
    {
        var cert = _dir.Write("tls/server.pfx", "x");
        var s = Loads.Valid(Loads.Run(_dir, """
            actormail {
              postmaster = "hostmaster@localhost"
              tls.certificate = "tls/server.pfx"
              storage { provider = postgresql, connection-string = "Host=db;Database=mail" }
              delivery.helo-name = mail.example.test
            }
            """));
        Assert.Equal("hostmaster@localhost", s.Postmaster.ToString());
        Assert.Equal(cert, s.Tls.CertificatePath);
        Assert.Null(s.Tls.PrivateKeyPath);
        Assert.False(s.Tls.IsDefaultCertificate);
        Assert.Equal(StorageProvider.PostgreSql, s.Storage.Provider);
        Assert.Equal("Host=db;Database=mail", s.Storage.ConnectionString);
        Assert.Equal("mail.example.test", s.Delivery.HeloName);
    }

    [Fact]
    public void Offable_parts_switch_on_with_their_key()
    {
        var key = _dir.Write("dkim.key", "x");
        var s = Loads.Valid(Loads.Run(_dir, $$"""
            actormail.delivery {
              smarthost { host = relay.example.test, port = 465, tls = implicit, username = u1, password = "s3cret" }
              force-sender = "noreply@example.test"
              dkim { domain = example.test, selector = mail2024, private-key = "{{key}}" }
              dns-servers = ["127.0.0.1:5353", "::1", "[::1]:5300", 192.0.2.1]
            }
            """));
        var d = s.Delivery;
        Assert.Equal(new SmarthostSettings { Host = "relay.example.test", Port = 465, Tls = SmarthostTls.Implicit, Username = "u1", Password = "s3cret" }, d.Smarthost);
        Assert.Equal("noreply@example.test", d.ForceSender!.Value.ToString());
        Assert.Equal(new DkimSettings { Domain = "example.test", Selector = "mail2024", PrivateKeyPath = key }, d.Dkim);
        Assert.Equal(new[] { "127.0.0.1:5353", "[::1]:53", "[::1]:5300", "192.0.2.1:53" }, d.DnsServers.Select(e => e.ToString()));
    }

    [Fact]
    public void Booleans_sizes_durations_and_off_are_accepted_in_their_forms()
    {
        var s = Loads.Valid(Loads.Run(_dir, """
            actormail.smtp { starttls = no, sender-must-be-local = yes, always-send-to-internet = true, max-message-size = 1048576 }
            actormail.imap { auto-expunge-interval = 12h, append-limit = 2GiB, timeout = 45 minutes }
            actormail.log.sql = false
            actormail.delivery.throttle.pause = 1500ms
            """));
        Assert.False(s.Smtp.StartTls);
        Assert.True(s.Smtp.SenderMustBeLocal);
        Assert.True(s.Smtp.AlwaysSendToInternet);
        Assert.Equal(1048576L, s.Smtp.MaxMessageSize);
        Assert.Equal(TimeSpan.FromHours(12), s.Imap.AutoExpungeInterval);
        Assert.Equal(2L << 30, s.Imap.AppendLimit);
        Assert.Equal(TimeSpan.FromMinutes(45), s.Imap.Timeout);
        Assert.False(s.Log.Sql);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.Delivery.Throttle.Pause);
    }
}
