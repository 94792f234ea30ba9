using System.Net;
using System.Security.Authentication;
using ActorMail.Core;

namespace ActorMail.Configuration;

/// <summary>Binds the effective values into <see cref="ActorMailSettings"/>, deriving the defaults that depend on other values.</summary>
internal sealed class SettingsBinder
{
    private const string A = "actormail.";
    private readonly SettingsReader _r;
    private readonly string _hostName;

    public SettingsBinder(SettingsReader reader, string hostName)
    {
        _r = reader;
        _hostName = hostName;
    }

    /// <summary>Notes collected while binding (ignored parts of switched-off features).</summary>
    public List<string> Warnings { get; } = new();

    public ActorMailSettings Bind()
    {
        var dataDirText = _r.Text(A + "data-dir");
        if (dataDirText.Length == 0 && !_r.Failed(A + "data-dir")) _r.Fail(A + "data-dir", "must not be empty");
        var dataDir = Path.GetFullPath(dataDirText.Length > 0 ? dataDirText : ".", _r.WorkingDirectory);
        _r.Show(A + "data-dir", dataDir);
        var domains = BindDomains();
        return new ActorMailSettings
        {
            DataDir = dataDir,
            ListenAddress = _r.Address(A + "listen-address"),
            Domains = domains,
            Postmaster = BindPostmaster(domains.Primary),
            Connection = _r.Enum(A + "connection", ("permanent", ConnectionMode.Permanent), ("offline", ConnectionMode.Offline)),
            Storage = BindStorage(dataDir),
            Tls = BindTls(dataDir),
            Log = new LogSettings
            {
                Level = _r.Enum(A + "log.level",
                    ("information", ActorMailLogLevel.Information), ("verbose", ActorMailLogLevel.Verbose),
                    ("debug", ActorMailLogLevel.Debug), ("warning", ActorMailLogLevel.Warning),
                    ("error", ActorMailLogLevel.Error), ("fatal", ActorMailLogLevel.Fatal)),
                Protocol = _r.Enum(A + "log.protocol",
                    ("off", ProtocolLogMode.Off), ("commands", ProtocolLogMode.Commands), ("full", ProtocolLogMode.Full)),
                Sql = _r.Bool(A + "log.sql"),
                MaxFileSize = _r.Size(A + "log.max-file-size", 1),
                MaxFiles = _r.Int(A + "log.max-files", 1),
            },
            Auth = new AuthSettings
            {
                Plaintext = _r.Enum(A + "auth.plaintext",
                    ("never", PlaintextAuthPolicy.Never), ("loopback", PlaintextAuthPolicy.Loopback),
                    ("lan", PlaintextAuthPolicy.Lan), ("always", PlaintextAuthPolicy.Always)),
                FailureDelay = _r.Duration(A + "auth.failure-delay", TimeSpan.Zero),
                MaxFailuresPerIp = _r.Int(A + "auth.max-failures-per-ip", 1),
                FailureWindow = _r.Duration(A + "auth.failure-window", TimeSpan.FromSeconds(1)),
                CacheTtl = _r.Duration(A + "auth.cache-ttl", TimeSpan.Zero),
            },
            Smtp = new SmtpSettings
            {
                Port = _r.Port(A + "smtp.port"),
                SubmissionPort = _r.Port(A + "smtp.submission-port"),
                SslPort = _r.Port(A + "smtp.ssl-port"),
                Timeout = _r.Duration(A + "smtp.timeout", TimeSpan.FromMilliseconds(1)),
                AuthPolicy = _r.Enum(A + "smtp.auth-policy",
                    ("always", SmtpAuthPolicy.Always), ("internet-only", SmtpAuthPolicy.InternetOnly), ("open-relay", SmtpAuthPolicy.OpenRelay)),
                StartTls = _r.Bool(A + "smtp.starttls"),
                SenderMustBeLocal = _r.Bool(A + "smtp.sender-must-be-local"),
                AlwaysSendToInternet = _r.Bool(A + "smtp.always-send-to-internet"),
                MaxMessageSize = _r.Size(A + "smtp.max-message-size", 1),
                MaxRecipients = _r.Int(A + "smtp.max-recipients", 1),
                MaxBadCommands = _r.Int(A + "smtp.max-bad-commands", 1),
                MaxHops = _r.Int(A + "smtp.max-hops", 1),
                MaxConnectionsPerIp = _r.Int(A + "smtp.max-connections-per-ip", 1),
                Access = BindAccess("smtp"),
            },
            Imap = new ImapSettings
            {
                Port = _r.Port(A + "imap.port"),
                SslPort = _r.Port(A + "imap.ssl-port"),
                Timeout = _r.Duration(A + "imap.timeout", TimeSpan.FromMilliseconds(1)),
                AppendLimit = _r.Size(A + "imap.append-limit", 0),
                AutoExpungeInterval = _r.DurationOrOff(A + "imap.auto-expunge-interval"),
                MaxConnectionsPerIp = _r.Int(A + "imap.max-connections-per-ip", 1),
                Access = BindAccess("imap"),
            },
            Pop3 = new Pop3Settings
            {
                Port = _r.Port(A + "pop3.port"),
                SslPort = _r.Port(A + "pop3.ssl-port"),
                Timeout = _r.Duration(A + "pop3.timeout", TimeSpan.FromMilliseconds(1)),
                MaxConnectionsPerIp = _r.Int(A + "pop3.max-connections-per-ip", 1),
                Access = BindAccess("pop3"),
            },
            Http = new HttpSettings { Port = _r.Port(A + "http.port"), SslPort = _r.Port(A + "http.ssl-port") },
            Delivery = new DeliveryBinder(_r, _hostName, Warnings).Bind(),
            Cluster = new ClusterSettings
            {
                Hostname = Host(A + "cluster.hostname", allowEmpty: false),
                Port = _r.Port(A + "cluster.port", allowOff: false, allowZero: true),
            },
        };
    }

    private DomainSettings BindDomains()
    {
        var primary = Domain(A + "domains.primary");
        var additional = new List<string>();
        foreach (var item in _r.List(A + "domains.additional"))
        {
            if (!DomainName.IsValid(item))
            {
                _r.Fail(A + "domains.additional", $"'{item}' is not a valid domain name");
                continue;
            }
            var d = DomainName.Normalize(item);
            if (d != primary && !additional.Contains(d)) additional.Add(d);
        }
        return new DomainSettings { Primary = primary, Additional = additional };
    }

    private MailAddress BindPostmaster(string primary)
    {
        var path = A + "postmaster";
        var text = _r.Text(path);
        if (text.Length == 0)
        {
            var derived = "postmaster@" + primary;
            _r.Derive(path, RawValue.Scalar(derived));
            return MailAddress.TryParse(derived, out var d) ? d : default;
        }
        if (MailAddress.TryParse(text, out var address)) return address;
        if (!_r.Failed(path)) _r.Fail(path, $"'{text}' is not a valid mail address");
        return default;
    }

    private StorageSettings BindStorage(string dataDir)
    {
        var provider = _r.Enum(A + "storage.provider", ("sqlite", StorageProvider.Sqlite), ("postgresql", StorageProvider.PostgreSql));
        var path = A + "storage.connection-string";
        var connection = _r.Text(path);
        if (connection.Length == 0 && provider == StorageProvider.Sqlite)
        {
            connection = "Data Source=" + Path.Combine(dataDir, "actormail.db");
            _r.Derive(path, RawValue.Scalar(connection));
        }
        else if (connection.Length == 0 && !_r.Failed(path))
        {
            _r.Fail(path, "postgresql needs an Npgsql connection string (Host=...;Port=...;Username=...;Database=...)",
                _r.Get(A + "storage.provider").Location);
        }
        return new StorageSettings { Provider = provider, ConnectionString = connection };
    }

    private TlsSettings BindTls(string dataDir)
    {
        var certificate = _r.ExistingFile(A + "tls.certificate");
        var key = _r.ExistingFile(A + "tls.private-key");
        var version = _r.Enum(A + "tls.max-version-outbound", ("1.3", SslProtocols.Tls13), ("1.2", SslProtocols.Tls12));
        bool isDefault = certificate.Length == 0;
        if (isDefault && key.Length > 0)
        {
            _r.Fail(A + "tls.private-key", "is set while actormail.tls.certificate is not; set both");
        }
        if (isDefault)
        {
            certificate = Path.Combine(dataDir, "tls", "localhost.crt");
            key = Path.Combine(dataDir, "tls", "localhost.key");
            _r.Derive(A + "tls.certificate", RawValue.Scalar(certificate));
            _r.Derive(A + "tls.private-key", RawValue.Scalar(key));
        }
        return new TlsSettings
        {
            CertificatePath = certificate,
            PrivateKeyPath = key.Length == 0 ? null : key,
            IsDefaultCertificate = isDefault,
            MaxVersionOutbound = version,
        };
    }

    private AccessSettings BindAccess(string protocol)
    {
        var prefix = A + protocol + ".access.";
        return new AccessSettings
        {
            Preset = _r.Enum(prefix + "preset", ("any", AccessPreset.Any), ("lan-only", AccessPreset.LanOnly)),
            Allow = Ranges(prefix + "allow"),
            Deny = Ranges(prefix + "deny"),
        };
    }

    private IReadOnlyList<string> Ranges(string path)
    {
        var items = _r.List(path);
        foreach (var item in items)
            if (ValueParsers.Cidr(item) is { } problem) _r.Fail(path, problem);
        return items;
    }

    private string Domain(string path)
    {
        var text = _r.Text(path);
        if (DomainName.IsValid(text)) return DomainName.Normalize(text);
        if (!_r.Failed(path)) _r.Fail(path, $"'{text}' is not a valid domain name");
        return text;
    }

    /// <summary>A host name or IP address.</summary>
    internal static bool IsHost(string text) => IPAddress.TryParse(text, out _) || (DomainName.IsValid(text) && !text.StartsWith('['));

    private string Host(string path, bool allowEmpty)
    {
        var text = _r.Text(path);
        if ((allowEmpty && text.Length == 0) || IsHost(text)) return text;
        if (!_r.Failed(path)) _r.Fail(path, $"'{text}' is not a host name or IP address");
        return text;
    }
}
