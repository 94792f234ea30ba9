namespace ActorMail.Configuration.Tests;

/// <summary>ACTORMAIL__SECTION__KEY variables.</summary>
public sealed class EnvironmentTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SettingsLoadResult Env(params (string Name, string Value)[] vars) =>
        Loads.Run(_dir, env: vars.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Underscore_inside_a_segment_stands_for_a_hyphen()
    {
        var r = Env(("ACTORMAIL__SMTP__SUBMISSION_PORT", "2587"), ("ACTORMAIL__DATA_DIR", "/var/lib/am"),
            ("ACTORMAIL__DELIVERY__SMARTHOST__HOST", "relay.example.test"));
        var s = Loads.Valid(r);
        Assert.Equal(2587, s.Smtp.SubmissionPort);
        Assert.Equal("/var/lib/am", s.DataDir);
        Assert.Equal("relay.example.test", s.Delivery.Smarthost!.Host);
        Assert.Equal("environment ACTORMAIL__SMTP__SUBMISSION_PORT", Loads.Effective(r, "actormail.smtp.submission-port").Origin);
    }

    [Fact]
    public void Segments_match_case_insensitively()
    {
        var s = Loads.Valid(Env(("actormail__Smtp__Max_Message_SIZE", "10MiB"), ("ACTORMAIL__imap__PORT", "1143")));
        Assert.Equal(10L << 20, s.Smtp.MaxMessageSize);
        Assert.Equal(1143, s.Imap.Port);
    }

    [Fact]
    public void Values_are_hocon_lists_durations_sizes_and_quoted_strings()
    {
        var s = Loads.Valid(Env(
            ("ACTORMAIL__DOMAINS__ADDITIONAL", "[a.test, b.test]"),
            ("ACTORMAIL__SMTP__TIMEOUT", "30s"),
            ("ACTORMAIL__IMAP__APPEND_LIMIT", "100MiB"),
            ("ACTORMAIL__DELIVERY__SMARTHOST__HOST", "relay.example.test"),
            ("ACTORMAIL__DELIVERY__SMARTHOST__PASSWORD", "\"p w\""),
            ("ACTORMAIL__DELIVERY__SMARTHOST__USERNAME", "u1")));
        Assert.Equal(new[] { "a.test", "b.test" }, s.Domains.Additional);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Smtp.Timeout);
        Assert.Equal(104857600L, s.Imap.AppendLimit);
        Assert.Equal("p w", s.Delivery.Smarthost!.Password);
    }

    [Fact]
    public void Text_that_is_not_hocon_is_taken_as_plain_text()
    {
        var s = Loads.Valid(Env(
            ("ACTORMAIL__POSTMASTER", "admin@localhost"),
            ("ACTORMAIL__STORAGE__PROVIDER", "postgresql"),
            ("ACTORMAIL__STORAGE__CONNECTION_STRING", "Host=db;Username=am;Password=x=y")));
        Assert.Equal("admin@localhost", s.Postmaster.ToString());
        Assert.Equal("Host=db;Username=am;Password=x=y", s.Storage.ConnectionString);
    }

    [Fact]
    public void A_single_value_for_a_list_key_is_a_one_item_list()
    {
        Assert.Equal(new[] { "a.test" }, Loads.Valid(Env(("ACTORMAIL__DOMAINS__ADDITIONAL", "a.test"))).Domains.Additional);
    }

    [Fact]
    public void Unknown_path_is_an_error_with_a_suggestion()
    {
        var e = Loads.SingleError(Env(("ACTORMAIL__SMTP__PROT", "25")));
        Assert.Equal("environment ACTORMAIL__SMTP__PROT", e.File);
        Assert.Equal("unknown key actormail.smtp.prot in environment ACTORMAIL__SMTP__PROT; did you mean actormail.smtp.port?", e.Message);
    }

    [Fact]
    public void A_section_cannot_be_set_as_a_whole()
    {
        var e = Loads.SingleError(Env(("ACTORMAIL__SMTP", "{ port = 25 }")));
        Assert.Equal("actormail.smtp", e.Path);
        Assert.Contains("is a section", e.Message);
    }

    [Fact]
    public void Other_variables_are_ignored()
    {
        Assert.True(Env(("PATH", "/usr/bin"), ("ACTORMAIL_PORT", "x"), ("ACTORMAILX__A", "1")).IsValid);
    }

    [Fact]
    public void A_bad_value_names_the_variable()
    {
        var e = Loads.SingleError(Env(("ACTORMAIL__POP3__TIMEOUT", "soon")));
        Assert.Equal("actormail.pop3.timeout", e.Path);
        Assert.Equal("environment ACTORMAIL__POP3__TIMEOUT", e.File);
        Assert.StartsWith("actormail.pop3.timeout in environment ACTORMAIL__POP3__TIMEOUT: 'soon' is not a duration", e.Message);
    }
}
