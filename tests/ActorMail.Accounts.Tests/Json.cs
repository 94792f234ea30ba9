using System.Text.Json;

namespace ActorMail.Accounts.Tests;

/// <summary>Structural comparison of records holding immutable collections (which compare by reference).</summary>
internal static class Json
{
    public static string Of(object value) => JsonSerializer.Serialize(value, value.GetType());
}
