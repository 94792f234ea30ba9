using Akka.Configuration.Hocon;

namespace ActorMail.Configuration;

/// <summary>The embedded reference configuration: the set of known keys and their defaults.</summary>
internal sealed class ReferenceTree
{
    public const string ResourceName = "actormail.reference.conf";

    private static readonly Lazy<ReferenceTree> Shared = new(Load);

    private ReferenceTree(string text, HoconValue root, IReadOnlyList<string> leaves, IReadOnlyDictionary<string, RawValue> defaults, IReadOnlySet<string> sections)
    {
        Text = text;
        Root = root;
        Leaves = leaves;
        Defaults = defaults;
        Sections = sections;
    }

    public static ReferenceTree Instance => Shared.Value;

    public string Text { get; }

    public HoconValue Root { get; }

    /// <summary>Leaf paths in file order.</summary>
    public IReadOnlyList<string> Leaves { get; }

    public IReadOnlyDictionary<string, RawValue> Defaults { get; }

    /// <summary>Paths of objects (sections), e.g. actormail.smtp.access.</summary>
    public IReadOnlySet<string> Sections { get; }

    public bool IsLeaf(string path) => Defaults.ContainsKey(path);

    public bool IsList(string path) => Defaults.TryGetValue(path, out var v) && v.IsList;

    /// <summary>Every known path, leaves and sections.</summary>
    public IEnumerable<string> AllPaths => Leaves.Concat(Sections);

    private static ReferenceTree Load()
    {
        using var stream = typeof(ReferenceTree).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var config = HoconNodes.TryParse(text, out var problem)
            ?? throw new InvalidOperationException($"embedded {ResourceName} does not parse: {problem}");
        var leaves = new List<string>();
        var defaults = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var sections = new HashSet<string>(StringComparer.Ordinal);
        Walk(config.Root, "", leaves, defaults, sections);
        return new ReferenceTree(text, config.Root, leaves, defaults, sections);
    }

    private static void Walk(HoconValue node, string prefix, List<string> leaves, Dictionary<string, RawValue> defaults, HashSet<string> sections)
    {
        foreach (var (key, child) in HoconNodes.Children(node))
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (HoconNodes.KindOf(child) == NodeKind.Object)
            {
                sections.Add(path);
                Walk(child, path, leaves, defaults, sections);
            }
            else
            {
                var value = HoconNodes.ReadLeaf(child)
                    ?? throw new InvalidOperationException($"reference key {path} has no plain value");
                leaves.Add(path);
                defaults[path] = value;
            }
        }
    }
}
