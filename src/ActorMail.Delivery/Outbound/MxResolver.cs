using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ActorMail.Delivery.Outbound;

/// <summary>One host to try, with its addresses, in the order to try them.</summary>
public sealed record MailHost(string Name, IReadOnlyList<IPAddress> Addresses);

/// <summary>Where mail for a domain goes: hosts in MX preference order, or why there is none.</summary>
public sealed record MxAnswer(IReadOnlyList<MailHost> Hosts, OutcomeKind? Failure = null, string? Status = null, string? Detail = null)
{
    public static MxAnswer Fail(OutcomeKind kind, string status, string detail) => new(Array.Empty<MailHost>(), kind, status, detail);
}

/// <summary>
/// MX lookup for direct delivery (RFC 5321 §5.1): MX hosts by preference, each resolved to A and AAAA;
/// without MX the domain's own A/AAAA. NXDOMAIN or no address at all is permanent (5.1.2), a null MX
/// (RFC 7505) is permanent (5.1.10), DNS timeouts and server failures are temporary (4.4.3), and MX
/// hosts of which none resolves are temporary too.
/// </summary>
public sealed class MxResolver
{
    private readonly LookupClient _client;

    public MxResolver(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout)
    {
        var options = servers.Count == 0 ? new LookupClientOptions() : new LookupClientOptions(servers.ToArray());
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    public async Task<MxAnswer> ResolveAsync(string domain, CancellationToken ct)
    {
        try
        {
            var mx = await _client.QueryAsync(domain, QueryType.MX, cancellationToken: ct).ConfigureAwait(false);
            if (mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
                return MxAnswer.Fail(OutcomeKind.Permanent, "5.1.2", $"Host or domain name not found: {domain} (NXDOMAIN)");
            if (mx.HasError)
                return MxAnswer.Fail(OutcomeKind.Temporary, "4.4.3", $"DNS error looking up MX of {domain}: {mx.ErrorMessage}");
            var records = mx.Answers.MxRecords().OrderBy(r => r.Preference).ToList();
            if (records.Count == 1 && IsRoot(records[0].Exchange.Value))
                return MxAnswer.Fail(OutcomeKind.Permanent, "5.1.10", $"{domain} does not accept mail (null MX)");
            if (records.Count == 0)
            {
                var addresses = await AddressesAsync(domain, ct).ConfigureAwait(false);
                return addresses.Count == 0
                    ? MxAnswer.Fail(OutcomeKind.Permanent, "5.1.2", $"{domain} has neither MX nor address records")
                    : new MxAnswer(new[] { new MailHost(domain, addresses) });
            }
            var hosts = new List<MailHost>();
            foreach (var r in records)
            {
                if (IsRoot(r.Exchange.Value)) continue;
                var name = r.Exchange.Value.TrimEnd('.');
                try
                {
                    var addresses = await AddressesAsync(name, ct).ConfigureAwait(false);
                    if (addresses.Count > 0) hosts.Add(new MailHost(name, addresses));
                }
                catch (DnsResponseException)
                {
                    // One MX host that does not resolve: the others are still tried.
                }
            }
            return hosts.Count > 0
                ? new MxAnswer(hosts)
                : MxAnswer.Fail(OutcomeKind.Temporary, "4.4.3", $"no MX host of {domain} has an address");
        }
        catch (DnsResponseException e)
        {
            return MxAnswer.Fail(OutcomeKind.Temporary, "4.4.3", $"DNS lookup of {domain} failed: {e.Message}");
        }
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal)) return new[] { literal };
        var result = new List<IPAddress>();
        var a = await _client.QueryAsync(host, QueryType.A, cancellationToken: ct).ConfigureAwait(false);
        result.AddRange(a.Answers.ARecords().Select(r => r.Address));
        var aaaa = await _client.QueryAsync(host, QueryType.AAAA, cancellationToken: ct).ConfigureAwait(false);
        result.AddRange(aaaa.Answers.AaaaRecords().Select(r => r.Address));
        return result;
    }

    private static bool IsRoot(string name) => name is "" or ".";
}
