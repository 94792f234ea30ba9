namespace ActorMail.Bench;

/// <summary>Writes a sub-command's result as one JSON object on one stdout line, the form the bench scripts parse.</summary>
static class JsonLine
{
    public static void Write(Dictionary<string, object> fields) =>
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(fields));
}
