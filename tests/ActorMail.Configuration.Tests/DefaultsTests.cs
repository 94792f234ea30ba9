using System.Net;
using System.Security.Authentication;

namespace ActorMail.Configuration.Tests;

/// <summary>The reference defaults equal the table "Settings (wave 1)" of the contract.</summary>
public sealed class DefaultsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ActorMailSettings _s;

    public DefaultsTests() => _s = Loads.Valid(Loads.Run(_dir));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Top_level_defaults()
    {
        Assert.Equal(Path.Combine(_dir.Path, "data"), _s.DataDir);
        Assert.Equal(IPAddress.Any, _s.ListenAddress);
        Assert.Equal("localhost", _s.Domains.Primary);
        Assert.Empty(_s.Domains.Additional);
        Assert.Equal("postmaster@localhost", _s.Postmaster.ToString());
        Assert.Equal(ConnectionMode.Permanent, _s.Connection);
    }

    [Fact]
    public void Storage_and_tls_defaults_are_derived_from_the_data_dir()
    {
        Assert.Equal(StorageProvider.Sqlite, _s.Storage.Provider);
        Assert.Equal("Data Source=" + Path.Combine(_dir.Path, "data", "actormail.db"), _s.Storage.ConnectionString);
        Assert.Equal(Path.Combine(_dir.Path, "data", "tls", "localhost.crt"), _s.Tls.CertificatePath);
        Assert.Equal(Path.Combine(_dir.Path, "data", "tls", "localhost.key"), _s.Tls.PrivateKeyPath);
        Assert.True(_s.Tls.IsDefaultCertificate);
        Assert.Equal(SslProtocols.Tls13, _s.Tls.MaxVersionOutbound);
    }

    [Fact]
    public void Log_and_auth_defaults()
    {
        Assert.Equal(ActorMailLogLevel.Information, _s.Log.Level);
        Assert.Equal(ProtocolLogMode.Off, _s.Log.Protocol);
        Assert.False(_s.Log.Sql);
        Assert.Equal(50L * 1024 * 1024, _s.Log.MaxFileSize);
        Assert.Equal(10, _s.Log.MaxFiles);
        Assert.Equal(PlaintextAuthPolicy.Lan, _s.Auth.Plaintext);
        Assert.Equal(TimeSpan.FromSeconds(2), _s.Auth.FailureDelay);
        Assert.Equal(10, _s.Auth.MaxFailuresPerIp);
        Assert.Equal(TimeSpan.FromMinutes(5), _s.Auth.FailureWindow);
        Assert.Equal(TimeSpan.FromHours(1), _s.Auth.CacheTtl);
    }

    [Fact]
    public void Smtp_defaults()
    {
        var smtp = _s.Smtp;
        Assert.Equal((25, 587, 465), (smtp.Port, smtp.SubmissionPort, smtp.SslPort));
        Assert.Equal(TimeSpan.FromMinutes(5), smtp.Timeout);
        Assert.Equal(SmtpAuthPolicy.InternetOnly, smtp.AuthPolicy);
        Assert.True(smtp.StartTls);
        Assert.False(smtp.SenderMustBeLocal);
        Assert.False(smtp.AlwaysSendToInternet);
        Assert.Equal(52428800L, smtp.MaxMessageSize);
        Assert.Equal((1000, 20, 50), (smtp.MaxRecipients, smtp.MaxBadCommands, smtp.MaxHops));
        Assert.Equal(50, smtp.MaxConnectionsPerIp);
        AssertAnyAccess(smtp.Access);
    }

    [Fact]
    public void Imap_pop3_http_defaults()
    {
        Assert.Equal((143, 993), (_s.Imap.Port, _s.Imap.SslPort));
        Assert.Equal(TimeSpan.FromMinutes(30), _s.Imap.Timeout);
        Assert.Equal(104857600L, _s.Imap.AppendLimit);
        Assert.Null(_s.Imap.AutoExpungeInterval);
        Assert.Equal(50, _s.Imap.MaxConnectionsPerIp);
        AssertAnyAccess(_s.Imap.Access);
        Assert.Equal((110, 995), (_s.Pop3.Port, _s.Pop3.SslPort));
        Assert.Equal(TimeSpan.FromMinutes(10), _s.Pop3.Timeout);
        Assert.Equal(20, _s.Pop3.MaxConnectionsPerIp);
        AssertAnyAccess(_s.Pop3.Access);
        Assert.Equal((6080, 60443), (_s.Http.Port, _s.Http.SslPort));
    }

    [Fact]
    public void Delivery_and_cluster_defaults()
    {
        var d = _s.Delivery;
        Assert.Equal(1, d.Workers);
        Assert.Equal(Loads.HostName, d.HeloName);
        Assert.Equal(TimeSpan.FromMinutes(5), d.Timeout);
        Assert.Null(d.Smarthost);
        Assert.Null(d.ForceSender);
        Assert.Equal(0, d.RecipientsPerMessage);
        Assert.Equal(0, d.Throttle.Messages);
        Assert.Equal(TimeSpan.FromSeconds(60), d.Throttle.Pause);
        Assert.Equal(TimeSpan.FromMinutes(5), d.Retry.First);
        Assert.Equal(TimeSpan.FromHours(4), d.Retry.Max);
        Assert.Equal(TimeSpan.FromDays(5), d.GiveUpAfter);
        Assert.Empty(d.DnsServers);
        Assert.Equal(25, d.RemotePort);
        Assert.Null(d.Dkim);
        Assert.Null(d.Smime);
        Assert.Equal("127.0.0.1", _s.Cluster.Hostname);
        Assert.Equal(0, _s.Cluster.Port);
    }

    [Fact]
    public void Defaults_warn_only_about_plaintext_logins_beyond_the_lan()
    {
        var r = Loads.Run(_dir);
        var warning = Assert.Single(r.Warnings);
        Assert.Contains("actormail.auth.plaintext = lan", warning);
        Assert.Contains("0.0.0.0", warning);
    }

    private static void AssertAnyAccess(AccessSettings access)
    {
        Assert.Equal(AccessPreset.Any, access.Preset);
        Assert.Empty(access.Allow);
        Assert.Empty(access.Deny);
    }
}
