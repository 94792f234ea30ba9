namespace ActorMail.Bench;

/// <summary>The benchmark's command line: the sub-command (first word) and its "--name value" options.</summary>
sealed class CommandLine
{
    private readonly List<string> _argv;

    public CommandLine(string[] args) => _argv = args.ToList();

    /// <summary>The sub-command; "ingest" when none is given.</summary>
    public string Command => _argv.FirstOrDefault() ?? "ingest";

    /// <summary>The value after option <paramref name="name"/>, or <paramref name="def"/> when it is absent.</summary>
    public string Opt(string name, string def)
    {
        int i = _argv.IndexOf(name);
        return i >= 0 && i + 1 < _argv.Count ? _argv[i + 1] : def;
    }

    /// <summary>Whether the flag <paramref name="name"/> is present.</summary>
    public bool Has(string name) => _argv.Contains(name);
}
