using ActorMail.Configuration;
using ActorMail.Host.Cli;
using ActorMail.Host.Node;

namespace ActorMail.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync("actormail: " + e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync("actormail: internal error: " + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
            return ExitCodes.Software;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        var (words, options) = CliParser.Parse(args);
        if (words.Count == 0 || options.ContainsKey("--help") || words[0] is "help")
        {
            Console.Out.Write(Usage.Text);
            return words.Count == 0 && !options.ContainsKey("--help") ? ExitCodes.Usage : ExitCodes.Ok;
        }
        if (words[0] == "version")
        {
            Console.Out.WriteLine("actormail " + typeof(Program).Assembly.GetName().Version);
            return ExitCodes.Ok;
        }

        var load = SettingsLoader.Load(new SettingsSource(
            options.GetValueOrDefault("--config"),
            options.GetValueOrDefault("--data"),
            EnvironmentVariables(),
            Directory.GetCurrentDirectory()));

        if (words[0] == "config")
        {
            if (words.Count < 2 || words[1] != "check") throw new CliException(ExitCodes.Usage, "usage: actormail config check");
            foreach (var w in load.Warnings) Console.Error.WriteLine("warning: " + w);
            if (!load.IsValid)
            {
                foreach (var e in load.Errors) Console.Error.WriteLine("actormail: " + e);
                return ExitCodes.Config;
            }
            Console.Out.Write(SettingsLoader.RenderEffective(load));
            return ExitCodes.Ok;
        }

        if (!load.IsValid || load.Settings is null)
        {
            foreach (var e in load.Errors) Console.Error.WriteLine("actormail: " + e);
            return ExitCodes.Config;
        }
        var settings = load.Settings;

        if (words[0] == "run")
            return await RunCommand.ExecuteAsync(settings, load.Warnings).ConfigureAwait(false);

        var request = CliInput.Prepare(words, options);
        return await CliClient.ExecuteAsync(settings, request).ConfigureAwait(false);
    }

    private static Dictionary<string, string> EnvironmentVariables()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v) env[k] = v;
        return env;
    }
}
