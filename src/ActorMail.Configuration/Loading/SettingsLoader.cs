namespace ActorMail.Configuration;

/// <summary>
/// Loads ActorMail's settings from four layers, highest precedence first: command-line flags
/// (--data), ACTORMAIL__* environment variables, the user file, the embedded reference.
/// Every problem is collected; none is thrown.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Name of the user file looked for in the working directory when --config is not given.</summary>
    public const string DefaultConfigFileName = "actormail.conf";

    /// <summary>The embedded reference configuration (hocon/actormail.reference.conf).</summary>
    public static string ReferenceConfigText => ReferenceTree.Instance.Text;

    /// <summary>Every leaf path of the reference, in file order (e.g. actormail.smtp.port).</summary>
    public static IReadOnlyList<string> AllReferenceKeys() => ReferenceTree.Instance.Leaves;

    public static SettingsLoadResult Load(SettingsSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reference = ReferenceTree.Instance;
        var errors = new List<SettingsError>();
        var workingDirectory = Path.GetFullPath(source.WorkingDirectory);

        var layers = new List<IReadOnlyDictionary<string, LayerValue>>();
        if (source.DataDirFlag is { } flag)
        {
            var flagLayer = new Dictionary<string, LayerValue>(StringComparer.Ordinal);
            if (flag.Trim().Length == 0)
                errors.Add(new SettingsError("actormail.data-dir", "--data", "--data needs a folder"));
            else
                flagLayer["actormail.data-dir"] = new LayerValue(RawValue.Scalar(flag), "--data", "--data");
            layers.Add(flagLayer);
        }
        layers.Add(EnvironmentLayer(source.Environment, reference, errors));
        var (configFile, fileLayer) = FileLayer(source.ConfigFile, workingDirectory, reference, errors);
        layers.Add(fileLayer);

        var reader = new SettingsReader(reference, layers, workingDirectory, errors);
        var binder = new SettingsBinder(reader, source.HostName ?? SafeHostName());
        var settings = binder.Bind();
        SettingsChecks.CheckPorts(settings, reader, errors);
        var warnings = new List<string>();
        SettingsChecks.AddWarnings(settings, warnings);
        warnings.AddRange(binder.Warnings);

        return new SettingsLoadResult
        {
            Settings = errors.Count == 0 ? settings : null,
            Errors = errors,
            Warnings = warnings,
            ConfigFile = configFile,
            Effective = EffectiveList(reference, reader),
            BoundPaths = new HashSet<string>(reader.ReadPaths, StringComparer.Ordinal),
        };
    }

    /// <summary>The effective settings as HOCON for `config check`: each value marked with its layer, secrets masked.</summary>
    public static string RenderEffective(SettingsLoadResult result) => EffectiveRenderer.Render(result);

    private static Dictionary<string, LayerValue> EnvironmentLayer(
        IReadOnlyDictionary<string, string> environment, ReferenceTree reference, List<SettingsError> errors)
    {
        var (text, variableOf) = EnvironmentOverlay.Build(environment, reference, errors);
        if (text.Length == 0) return new Dictionary<string, LayerValue>(StringComparer.Ordinal);
        var config = HoconNodes.TryParse(text, out var problem);
        if (config is null)
        {
            errors.Add(new SettingsError("", "environment", $"cannot read the ACTORMAIL__ environment variables: {problem}"));
            return new Dictionary<string, LayerValue>(StringComparer.Ordinal);
        }
        string Location(string path) => variableOf.TryGetValue(path, out var name) ? "environment " + name : "environment";
        return TreeFlattener.Flatten(config.Root, reference, Location, Location, errors);
    }

    private static (string? Path, Dictionary<string, LayerValue> Layer) FileLayer(
        string? configFile, string workingDirectory, ReferenceTree reference, List<SettingsError> errors)
    {
        var empty = new Dictionary<string, LayerValue>(StringComparer.Ordinal);
        string path;
        if (configFile is not null)
        {
            path = Path.GetFullPath(configFile, workingDirectory);
            if (!File.Exists(path))
            {
                errors.Add(new SettingsError("", path, $"config file {path} does not exist"));
                return (null, empty);
            }
        }
        else
        {
            path = Path.Combine(workingDirectory, DefaultConfigFileName);
            if (!File.Exists(path)) return (null, empty);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new SettingsError("", path, $"cannot read config file {path}: {e.Message}"));
            return (path, empty);
        }
        var config = HoconNodes.TryParse(text, out var problem);
        if (config is null)
        {
            errors.Add(new SettingsError("", path, $"cannot parse {path}: {problem}"));
            return (path, empty);
        }
        return (path, TreeFlattener.Flatten(config.Root, reference, _ => path, _ => "file " + path, errors));
    }

    private static List<EffectiveSetting> EffectiveList(ReferenceTree reference, SettingsReader reader)
    {
        var list = new List<EffectiveSetting>(reference.Leaves.Count);
        foreach (var path in reference.Leaves)
        {
            var written = reader.Peek(path);
            var (value, origin) = reader.Shown.TryGetValue(path, out var shown)
                ? (shown.Value, shown.Derived ? "derived" : written.Origin)
                : (written.Value, written.Origin);
            list.Add(new EffectiveSetting(path, HoconNodes.Format(value), origin, IsSecret(path)));
        }
        return list;
    }

    private static bool IsSecret(string path) =>
        path.EndsWith(".password", StringComparison.Ordinal) || path == "actormail.storage.connection-string";

    private static string SafeHostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
