using System.Security.Cryptography.X509Certificates;
using ActorMail.Accounts.Authentication;
using ActorMail.Configuration;
using ActorMail.Core;
using ActorMail.Storage.Blobs;
using ActorMail.Storage.Summaries;
using Akka.Actor;

namespace ActorMail.Sessions.Common;

/// <summary>
/// What every session of this node shares: settings, the directory view and authenticator (whose
/// failure counters belong to this host instance), the blob store and summary cache, and the
/// actors mail goes to.
/// </summary>
public sealed record SessionServices(
    ActorMailSettings Settings,
    string HostName,
    DirectoryView Directory,
    Authenticator Authenticator,
    SegmentBlobStore Blobs,
    MessageSummaryCache Summaries,
    IActorRef Ingest,
    IActorRef Mailboxes,
    IActorRef Queue,
    X509Certificate2? Certificate,
    IClock Clock);
