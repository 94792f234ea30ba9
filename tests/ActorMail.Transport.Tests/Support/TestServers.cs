using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorMail.Transport.Access;
using ActorMail.Transport.Tls;

namespace ActorMail.Transport.Tests.Support;

/// <summary>Listener defaults for tests: loopback, ephemeral port, no idle timeout, no limits.</summary>
internal static class TestServers
{
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("actormail-transport-cert-");
        return CertificateStore.LoadOrCreate(Path.Combine(folder.FullName, "localhost.crt"), Path.Combine(folder.FullName, "localhost.key"), createIfMissing: true);
    });

    public static X509Certificate2 Certificate => SharedCertificate.Value;

    public static ListenerOptions Listener(string name = "test") =>
        new(name, new IPEndPoint(IPAddress.Loopback, 0), false, Certificate, TimeSpan.Zero, AccessRules.AllowAll, 0, $"actormail.{name}.port");

    public static async Task<(TransportServer Server, IPEndPoint EndPoint)> StartAsync(ListenerOptions options, IConnectionHandler handler, Serilog.ILogger? logger = null)
    {
        var server = new TransportServer(logger);
        await server.StartAsync([(options, handler)]);
        return (server, server.BoundEndPoints[0]);
    }
}
