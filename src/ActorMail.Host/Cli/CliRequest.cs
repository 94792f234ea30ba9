namespace ActorMail.Host.Cli;

/// <summary>
/// One CLI invocation as the command dispatcher sees it: the verb words, the options, and the
/// input the client already read (a password from stdin or a terminal prompt, an import file).
/// It travels to a running node over the admin socket unchanged.
/// </summary>
public sealed record CliRequest
{
    public required IReadOnlyList<string> Words { get; init; }
    public IReadOnlyDictionary<string, string?> Options { get; init; } = new Dictionary<string, string?>();
    public bool Json { get; init; }
    public string? Secret { get; init; }
    public string? InputText { get; init; }

    public string? Option(string name) => Options.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => Options.ContainsKey(name);

    public string Word(int i, string what) =>
        i < Words.Count ? Words[i] : throw new CliException(ExitCodes.Usage, $"missing {what}; see 'actormail help'");
}

/// <summary>What a verb produced.</summary>
public sealed record CliResponse(int Exit, string Stdout, string Stderr);

/// <summary>Splits argv into words, global options (--config, --data, --json) and verb options.</summary>
public static class CliParser
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "--json", "--password-stdin", "--keep-copy", "--help",
    };

    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "--config", "--data", "--name", "--active", "--forward", "--smarthost", "--from", "--to",
    };

    public static (List<string> Words, Dictionary<string, string?> Options) Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                words.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a;
                string? value = null;
                int eq = a.IndexOf('=');
                if (eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
                if (Flags.Contains(name))
                {
                    if (value is not null) throw new CliException(ExitCodes.Usage, $"option {name} takes no value");
                    options[name] = null;
                }
                else if (Valued.Contains(name))
                {
                    if (value is null)
                    {
                        if (i + 1 >= args.Count) throw new CliException(ExitCodes.Usage, $"option {name} needs a value");
                        value = args[++i];
                    }
                    // --to may be repeated (deliver); keep all values comma-joined.
                    options[name] = options.TryGetValue(name, out var prev) && prev is not null ? prev + "," + value : value;
                }
                else throw new CliException(ExitCodes.Usage, $"unknown option {name}; see 'actormail help'");
                continue;
            }
            if (a == "-h") { options["--help"] = null; continue; }
            words.Add(a);
        }
        return (words, options);
    }
}
