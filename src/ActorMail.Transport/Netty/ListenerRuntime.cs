using System.Security.Authentication;
using DotNetty.Handlers.Tls;

namespace ActorMail.Transport.Netty;

/// <summary>A listener's options and handler, with what is derived from them once.</summary>
internal sealed class ListenerRuntime
{
    public ListenerRuntime(ListenerOptions options, IConnectionHandler handler)
    {
        Options = options;
        Handler = handler;
        LimitGroup = options.LimitGroup ?? options.Name;
        TlsSettings = options.Certificate is null
            ? null
            : new ServerTlsSettings(options.Certificate, false, false, SslProtocols.Tls12 | SslProtocols.Tls13);
    }

    public ListenerOptions Options { get; }

    public IConnectionHandler Handler { get; }

    public string LimitGroup { get; }

    /// <summary>TLS 1.2 and 1.3 for this listener's certificate; null when it has none.</summary>
    public ServerTlsSettings? TlsSettings { get; }
}
