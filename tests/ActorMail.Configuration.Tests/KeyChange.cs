namespace ActorMail.Configuration.Tests;

/// <summary>For each reference key (under actormail.), two valid values that must bind differently.</summary>
internal sealed record KeyChange(string Key, string A, string B, string Companions = "");
