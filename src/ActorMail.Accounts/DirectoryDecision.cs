using System.Collections.Immutable;
using ActorMail.Accounts.Events;

namespace ActorMail.Accounts;

/// <summary>The outcome of <see cref="DirectoryLogic.Decide"/>: the events to persist (possibly none), or an error.</summary>
public sealed record DirectoryDecision(ImmutableArray<IDirectoryEvent> Events, DirectoryError? Error)
{
    public bool IsAccepted => Error is null;

    public static DirectoryDecision Accept(params IDirectoryEvent[] events) => new([.. events], null);

    public static DirectoryDecision Accept(IEnumerable<IDirectoryEvent> events) => new([.. events], null);

    public static DirectoryDecision Refuse(DirectoryErrorKind kind, string message, string? settingsKey = null) =>
        new(ImmutableArray<IDirectoryEvent>.Empty, new DirectoryError(kind, message, settingsKey));
}
