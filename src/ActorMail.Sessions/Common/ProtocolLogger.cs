using ActorMail.Configuration;
using Serilog;

namespace ActorMail.Sessions.Common;

/// <summary>
/// The manual's diagnostic logs of client conversations (actormail.log.protocol): `commands`
/// records what the client sent, without results; `full` records both directions. Message data
/// appears only in `full`; credentials never (callers pass masked text for AUTH/LOGIN/PASS).
/// Written under the source context "ActorMail.Protocol", which the host routes to protocol-*.log.
/// </summary>
public sealed class ProtocolLogger
{
    public const string SourceContext = "ActorMail.Protocol";

    private readonly ILogger? _log;
    private readonly bool _full;
    private readonly string _protocol;
    private readonly string _id;
    private readonly string _remote;

    public ProtocolLogger(ProtocolLogMode mode, string protocol, string connectionId, string remote)
    {
        _protocol = protocol;
        _id = connectionId;
        _remote = remote;
        if (mode == ProtocolLogMode.Off) return;
        _full = mode == ProtocolLogMode.Full;
        _log = Log.ForContext(Serilog.Core.Constants.SourceContextPropertyName, SourceContext);
    }

    public bool Enabled => _log is not null;

    public bool Full => _full;

    /// <summary>A line the client sent (already masked when it carries a secret).</summary>
    public void Client(string line) => _log?.Information("{Protocol} {ConnectionId} {Remote} C: {Line}", _protocol, _id, _remote, line);

    /// <summary>A line the server sent (full mode only).</summary>
    public void Server(string line)
    {
        if (_full) _log?.Information("{Protocol} {ConnectionId} {Remote} S: {Line}", _protocol, _id, _remote, line);
    }

    /// <summary>Message data the client sent or the server returned (full mode only).</summary>
    public void Data(string direction, ReadOnlySpan<byte> data)
    {
        if (_full) _log?.Information("{Protocol} {ConnectionId} {Remote} {Direction}: {Data}", _protocol, _id, _remote, direction, System.Text.Encoding.UTF8.GetString(data));
    }
}
