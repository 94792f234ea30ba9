using System.Net;

namespace ActorMail.Configuration;

/// <summary>
/// Typed reads of effective values (highest layer first, then the reference), recording every
/// problem as an error naming the path and the source of the offending value.
/// </summary>
internal sealed class SettingsReader
{
    private readonly ReferenceTree _reference;
    private readonly IReadOnlyList<IReadOnlyDictionary<string, LayerValue>> _layers;
    private readonly List<SettingsError> _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    /// <param name="layers">Layers above the reference, highest precedence first.</param>
    public SettingsReader(ReferenceTree reference, IReadOnlyList<IReadOnlyDictionary<string, LayerValue>> layers, string workingDirectory, List<SettingsError> errors)
    {
        _reference = reference;
        _layers = layers;
        WorkingDirectory = workingDirectory;
        _errors = errors;
    }

    public string WorkingDirectory { get; }

    /// <summary>Values shown instead of the written ones (derived defaults, resolved paths).</summary>
    public Dictionary<string, (RawValue Value, bool Derived)> Shown { get; } = new(StringComparer.Ordinal);

    /// <summary>Every path the binder read; used to prove that every reference key is bound.</summary>
    public IReadOnlySet<string> ReadPaths => _read;

    /// <summary>True when reading the path produced an error (dependent checks skip it).</summary>
    public bool Failed(string path) => _failed.Contains(path);

    public LayerValue Get(string path)
    {
        _read.Add(path);
        return Peek(path);
    }

    /// <summary>The effective value without recording the path as bound.</summary>
    public LayerValue Peek(string path)
    {
        if (!_reference.IsLeaf(path))
            throw new InvalidOperationException($"{path} is not a reference key");
        foreach (var layer in _layers)
            if (layer.TryGetValue(path, out var value)) return value;
        return new LayerValue(_reference.Defaults[path], "reference", "reference");
    }

    public void Fail(string path, string problem) => Fail(path, problem, Get(path).Location);

    /// <summary>Records an error at <paramref name="path"/> caused by a value from <paramref name="location"/>.</summary>
    public void Fail(string path, string problem, string location)
    {
        _failed.Add(path);
        _errors.Add(TreeFlattener.Error(path, location, problem));
    }

    public string Text(string path)
    {
        var v = Get(path).Value;
        if (v.Text is not null) return v.Text.Trim();
        Fail(path, "expected a single value, found a list");
        return "";
    }

    public IReadOnlyList<string> List(string path)
    {
        var v = Get(path).Value;
        if (v.Items is not null) return v.Items.Select(i => i.Trim()).ToList();
        var text = v.Text?.Trim() ?? "";
        return text.Length == 0 ? Array.Empty<string>() : new[] { text };
    }

    private T Parse<T>(string path, T fallback, Func<string, (string? Problem, T Value)> parse)
    {
        var text = Text(path);
        if (Failed(path)) return fallback;
        var (problem, value) = parse(text);
        if (problem is null) return value;
        Fail(path, problem);
        return fallback;
    }

    public bool Bool(string path) =>
        Parse(path, false, t => (ValueParsers.Boolean(t, out var v), v));

    public int Int(string path, int min, int max = int.MaxValue) =>
        Parse(path, min, t => (ValueParsers.Integer(t, min, max, out var v), (int)v));

    /// <summary>A listener port; -1 (off) is returned for an invalid one so that clash checks skip it.</summary>
    public int Port(string path, bool allowOff = true, bool allowZero = false) =>
        Parse(path, -1, t => (ValueParsers.Port(t, allowOff, allowZero, out var v), v));

    public TimeSpan Duration(string path, TimeSpan min)
    {
        var value = Parse(path, min, t => (ValueParsers.Duration(t, out var v), v));
        if (!Failed(path) && value < min)
            Fail(path, min == TimeSpan.Zero ? "must not be negative" : $"must be at least {FormatDuration(min)}");
        return value;
    }

    public TimeSpan? DurationOrOff(string path)
    {
        var text = Text(path);
        if (Failed(path) || text.Equals("off", StringComparison.OrdinalIgnoreCase)) return null;
        var problem = ValueParsers.Duration(text, out var value);
        if (problem is null && value <= TimeSpan.Zero) problem = "must be longer than zero, or off";
        if (problem is null) return value;
        Fail(path, problem + " (or off)");
        return null;
    }

    public long Size(string path, long min) =>
        Parse(path, min, t =>
        {
            var problem = ValueParsers.Size(t, out var v);
            if (problem is null && v < min) problem = $"must be at least {min} bytes";
            return (problem, v);
        });

    public T Enum<T>(string path, params (string Name, T Value)[] table) =>
        Parse(path, table[0].Value, t => (ValueParsers.Enum(t, table, out var v), v));

    public IPAddress Address(string path)
    {
        var text = Text(path);
        if (IPAddress.TryParse(text, out var address)) return address;
        if (!Failed(path)) Fail(path, $"'{text}' is not an IP address");
        return IPAddress.Any;
    }

    /// <summary>An absolute path resolved against the working directory; "" stays "".</summary>
    public string FilePath(string path)
    {
        var text = Text(path);
        if (text.Length == 0) return "";
        var full = Path.GetFullPath(text, WorkingDirectory);
        if (!string.Equals(full, text, StringComparison.Ordinal)) Show(path, full);
        return full;
    }

    /// <summary>Like <see cref="FilePath"/>, and an error when a configured file does not exist.</summary>
    public string ExistingFile(string path)
    {
        var full = FilePath(path);
        if (full.Length > 0 && !Failed(path) && !File.Exists(full))
            Fail(path, $"file {full} does not exist");
        return full;
    }

    /// <summary>Records a value derived from other settings, shown with origin "derived".</summary>
    public void Derive(string path, RawValue value) => Shown[path] = (value, true);

    /// <summary>Records the resolved form of a written value (absolute paths), keeping its origin.</summary>
    public void Show(string path, string resolved) => Shown[path] = (RawValue.Scalar(resolved), false);

    public static string FormatDuration(TimeSpan t) =>
        t.TotalDays >= 1 && t.Ticks % TimeSpan.TicksPerDay == 0 ? $"{(long)t.TotalDays}d"
        : t.Ticks % TimeSpan.TicksPerHour == 0 && t.Ticks > 0 ? $"{(long)t.TotalHours}h"
        : t.Ticks % TimeSpan.TicksPerMinute == 0 && t.Ticks > 0 ? $"{(long)t.TotalMinutes}m"
        : t.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)t.TotalSeconds}s"
        : $"{(long)t.TotalMilliseconds}ms";
}
