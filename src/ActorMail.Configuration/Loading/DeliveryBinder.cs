using System.Net;
using ActorMail.Core;

namespace ActorMail.Configuration;

/// <summary>Binds <c>actormail.delivery</c>; off-able parts become null when their switch key is empty.</summary>
internal sealed class DeliveryBinder
{
    private const string D = "actormail.delivery.";
    private readonly SettingsReader _r;
    private readonly string _hostName;

    private readonly List<string> _warnings;

    /// <param name="warnings">Receives notes about parts ignored because their switch is off.</param>
    public DeliveryBinder(SettingsReader reader, string hostName, List<string> warnings)
    {
        _r = reader;
        _hostName = hostName;
        _warnings = warnings;
    }

    public DeliverySettings Bind() => new()
    {
        Workers = _r.Int(D + "workers", 1),
        HeloName = HeloName(),
        Timeout = _r.Duration(D + "timeout", TimeSpan.FromMilliseconds(1)),
        Smarthost = Smarthost(),
        ForceSender = ForceSender(),
        RecipientsPerMessage = _r.Int(D + "recipients-per-message", 0),
        Throttle = new ThrottleSettings
        {
            Messages = _r.Int(D + "throttle.messages", 0),
            Pause = _r.Duration(D + "throttle.pause", TimeSpan.Zero),
        },
        Retry = Retry(),
        GiveUpAfter = _r.Duration(D + "give-up-after", TimeSpan.FromMilliseconds(1)),
        DnsServers = DnsServers(),
        RemotePort = _r.Port(D + "remote-port", allowOff: false),
        Dkim = Dkim(),
        Smime = Smime(),
    };

    private string HeloName()
    {
        var path = D + "helo-name";
        var text = _r.Text(path);
        if (text.Length == 0)
        {
            var derived = DomainName.IsValid(_hostName) ? DomainName.Normalize(_hostName) : "localhost";
            _r.Derive(path, RawValue.Scalar(derived));
            return derived;
        }
        if (!DomainName.IsValid(text) && !_r.Failed(path))
            _r.Fail(path, $"'{text}' is not a valid host name or address literal");
        return text;
    }

    private SmarthostSettings? Smarthost()
    {
        var host = _r.Text(D + "smarthost.host");
        var port = _r.Port(D + "smarthost.port", allowOff: false);
        var tls = _r.Enum(D + "smarthost.tls",
            ("starttls", SmarthostTls.StartTls), ("implicit", SmarthostTls.Implicit), ("none", SmarthostTls.None));
        var username = _r.Text(D + "smarthost.username");
        var password = _r.Text(D + "smarthost.password");
        if (host.Length == 0)
        {
            if (username.Length > 0 || password.Length > 0)
                _warnings.Add($"{D}smarthost.username/password are ignored: {D}smarthost.host is empty (smarthost off)");
            return null;
        }
        if (!SettingsBinder.IsHost(host) && !_r.Failed(D + "smarthost.host"))
            _r.Fail(D + "smarthost.host", $"'{host}' is not a host name or IP address");
        if (username.Length == 0 && password.Length > 0)
            _r.Fail(D + "smarthost.password", $"is set while {D}smarthost.username is empty");
        return new SmarthostSettings
        {
            Host = host,
            Port = port,
            Tls = tls,
            Username = username.Length == 0 ? null : username,
            Password = password.Length == 0 ? null : password,
        };
    }

    private MailAddress? ForceSender()
    {
        var path = D + "force-sender";
        var text = _r.Text(path);
        if (text.Length == 0 || text.Equals("off", StringComparison.OrdinalIgnoreCase)) return null;
        if (MailAddress.TryParse(text, out var address)) return address;
        if (!_r.Failed(path)) _r.Fail(path, $"'{text}' is not a valid mail address (or \"\" for off)");
        return null;
    }

    private RetrySettings Retry()
    {
        var first = _r.Duration(D + "retry.first", TimeSpan.FromMilliseconds(1));
        var max = _r.Duration(D + "retry.max", TimeSpan.FromMilliseconds(1));
        if (!_r.Failed(D + "retry.first") && !_r.Failed(D + "retry.max") && max < first)
            _r.Fail(D + "retry.max", $"{SettingsReader.FormatDuration(max)} is shorter than {D}retry.first ({SettingsReader.FormatDuration(first)})");
        return new RetrySettings { First = first, Max = max };
    }

    private IReadOnlyList<IPEndPoint> DnsServers()
    {
        var path = D + "dns-servers";
        var servers = new List<IPEndPoint>();
        foreach (var item in _r.List(path))
        {
            if (ValueParsers.DnsServer(item, out var endpoint) is { } problem) _r.Fail(path, problem);
            else servers.Add(endpoint!);
        }
        if (servers.Count == 0 && !_r.Failed(path)) _r.Derive(path, RawValue.List(Array.Empty<string>()));
        return servers;
    }

    private DkimSettings? Dkim()
    {
        var domainPath = D + "dkim.domain";
        var domain = _r.Text(domainPath);
        var selector = _r.Text(D + "dkim.selector");
        if (domain.Length == 0)
        {
            var keyText = _r.Text(D + "dkim.private-key");
            if (selector.Length > 0 || keyText.Length > 0)
                _warnings.Add($"{D}dkim.selector/private-key are ignored: {domainPath} is empty (DKIM off)");
            return null;
        }
        var key = _r.ExistingFile(D + "dkim.private-key");
        if (!DomainName.IsValid(domain) && !_r.Failed(domainPath))
            _r.Fail(domainPath, $"'{domain}' is not a valid domain name");
        if (selector.Length == 0 && !_r.Failed(D + "dkim.selector"))
            _r.Fail(D + "dkim.selector", $"is required when {domainPath} is set", _r.Get(domainPath).Location);
        else if (selector.Length > 0 && !DomainName.IsValid(selector))
            _r.Fail(D + "dkim.selector", $"'{selector}' is not a valid selector (letters, digits, hyphens, dots)");
        if (key.Length == 0 && !_r.Failed(D + "dkim.private-key"))
            _r.Fail(D + "dkim.private-key", $"is required when {domainPath} is set", _r.Get(domainPath).Location);
        return new DkimSettings { Domain = DomainName.Normalize(domain), Selector = selector, PrivateKeyPath = key };
    }

    private SmimeSettings? Smime()
    {
        var certificate = _r.ExistingFile(D + "smime.certificate");
        var password = _r.Text(D + "smime.password");
        if (certificate.Length == 0)
        {
            if (password.Length > 0)
                _warnings.Add($"{D}smime.password is ignored: {D}smime.certificate is empty (S/MIME off)");
            return null;
        }
        return new SmimeSettings { CertificatePath = certificate, Password = password.Length == 0 ? null : password };
    }
}
