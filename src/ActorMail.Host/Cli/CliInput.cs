using System.Text;
using ActorMail.Host.Cli;

namespace ActorMail.Host.Cli;

/// <summary>
/// Reads what a verb needs from the terminal or files before it runs, so that the same
/// <see cref="CliRequest"/> runs in this process or inside a running node.
/// </summary>
public static class CliInput
{
    public static CliRequest Prepare(List<string> words, Dictionary<string, string?> options)
    {
        string? secret = null;
        string? input = null;
        var verb = string.Join(' ', words.Take(2));
        switch (verb)
        {
            case "user add":
            case "user passwd":
                if (options.ContainsKey("--password-stdin"))
                {
                    secret = Console.In.ReadLine();
                    if (string.IsNullOrEmpty(secret)) throw new CliException(ExitCodes.DataError, "no password on standard input");
                }
                else if (verb == "user passwd")
                {
                    throw new CliException(ExitCodes.Usage, "usage: actormail user passwd ADDRESS --password-stdin");
                }
                else if (Console.IsInputRedirected)
                {
                    throw new CliException(ExitCodes.Usage, "no terminal to ask for the password: use --password-stdin");
                }
                else
                {
                    secret = Prompt("Password: ");
                    var again = Prompt("Repeat password: ");
                    if (secret != again) throw new CliException(ExitCodes.DataError, "the passwords do not match");
                    if (secret.Length == 0) throw new CliException(ExitCodes.DataError, "empty password");
                }
                break;
            case "user import":
            {
                if (words.Count < 3) throw new CliException(ExitCodes.Usage, "usage: actormail user import FILE");
                var file = words[2];
                try
                {
                    input = file == "-" ? Console.In.ReadToEnd() : File.ReadAllText(file, Encoding.UTF8);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.NoInput, $"cannot read {file}: {e.Message}");
                }
                break;
            }
            case "deliver":
                input = null; // the message is read as bytes below
                break;
        }
        var request = new CliRequest
        {
            Words = words,
            Options = options.Where(kv => kv.Key is not ("--config" or "--data" or "--json")).ToDictionary(kv => kv.Key, kv => kv.Value),
            Json = options.ContainsKey("--json"),
            Secret = secret,
            InputText = input,
        };
        if (words[0] == "deliver")
        {
            using var stdin = Console.OpenStandardInput();
            using var ms = new MemoryStream();
            stdin.CopyTo(ms);
            request = request with { InputText = Convert.ToBase64String(ms.ToArray()) };
        }
        return request;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            sb.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return sb.ToString();
    }
}
