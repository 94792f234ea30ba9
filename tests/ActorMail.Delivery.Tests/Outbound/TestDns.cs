using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace ActorMail.Delivery.Tests.Outbound;

/// <summary>
/// A real DNS server (ARSoft.Tools.Net) on a loopback UDP/TCP port serving MX and A records for
/// test domains; unknown names get NXDOMAIN, names marked silent get no answer at all (a timeout).
/// </summary>
internal sealed class TestDns : IDisposable
{
    private readonly DnsServer _server;
    private readonly ConcurrentDictionary<string, List<DnsRecordBase>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.OrdinalIgnoreCase);

    public TestDns()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreeUdpPort();
            try
            {
                var ep = new IPEndPoint(IPAddress.Loopback, port);
                _server = new DnsServer(new UdpServerTransport(ep, 2000), new TcpServerTransport(ep, 2000, 2000));
                _server.QueryReceived += OnQueryAsync;
                _server.Start();
                EndPoint = ep;
                return;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    public IPEndPoint EndPoint { get; }

    public TestDns Mx(string domain, ushort preference, string host)
    {
        Add(domain, new MxRecord(DomainName.Parse(domain), 60, preference, DomainName.Parse(host)));
        return this;
    }

    public TestDns A(string host, string ip)
    {
        Add(host, new ARecord(DomainName.Parse(host), 60, IPAddress.Parse(ip)));
        return this;
    }

    /// <summary>Queries for this name are never answered.</summary>
    public TestDns Silent(string name)
    {
        _silent[name] = true;
        return this;
    }

    private void Add(string name, DnsRecordBase record) =>
        _records.AddOrUpdate(name, _ => new List<DnsRecordBase> { record }, (_, l) => { lock (l) l.Add(record); return l; });

    private async Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query || query.Questions.Count != 1) return;
        var q = query.Questions[0];
        var name = q.Name.ToString().TrimEnd('.');
        if (_silent.ContainsKey(name))
        {
            await Task.Delay(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return;
        }
        var response = query.CreateResponseInstance();
        if (_records.TryGetValue(name, out var list))
        {
            lock (list)
                foreach (var r in list.Where(r => r.RecordType == q.RecordType)) response.AnswerRecords.Add(r);
            response.ReturnCode = ReturnCode.NoError;
        }
        else
        {
            response.ReturnCode = ReturnCode.NxDomain;
        }
        e.Response = response;
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public void Dispose() => _server.Stop();
}
