using Akka.Configuration.Hocon;

namespace ActorMail.Configuration;

/// <summary>
/// Compares a user tree (file or environment overlay) against the reference tree and collects
/// its leaves; unknown keys and shape mismatches become errors.
/// </summary>
internal static class TreeFlattener
{
    public static Dictionary<string, LayerValue> Flatten(
        HoconValue root,
        ReferenceTree reference,
        Func<string, string> locationOf,
        Func<string, string> originOf,
        List<SettingsError> errors)
    {
        var leaves = new Dictionary<string, LayerValue>(StringComparer.Ordinal);
        if (HoconNodes.KindOf(root) == NodeKind.Object)
            Walk(root, reference.Root, "", reference, locationOf, originOf, errors, leaves);
        return leaves;
    }

    private static void Walk(
        HoconValue node, HoconValue referenceNode, string prefix, ReferenceTree reference,
        Func<string, string> locationOf, Func<string, string> originOf,
        List<SettingsError> errors, Dictionary<string, LayerValue> leaves)
    {
        var known = HoconNodes.Children(referenceNode);
        foreach (var (key, child) in HoconNodes.Children(node))
        {
            var segment = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : HoconNodes.Quote(key);
            var path = prefix.Length == 0 ? segment : prefix + "." + segment;
            var location = locationOf(path);
            if (!known.TryGetValue(key, out var referenceChild))
            {
                errors.Add(UnknownKey(path, location, reference));
                continue;
            }
            var kind = HoconNodes.KindOf(child);
            bool referenceIsSection = HoconNodes.KindOf(referenceChild) == NodeKind.Object;
            if (referenceIsSection)
            {
                if (kind == NodeKind.Object)
                    Walk(child, referenceChild, path, reference, locationOf, originOf, errors, leaves);
                else
                    errors.Add(Error(path, location, "is a section; expected { ... } with its keys"));
                continue;
            }
            switch (kind)
            {
                case NodeKind.Object:
                    errors.Add(Error(path, location, "expected a value, found a section { ... }"));
                    break;
                case NodeKind.Null:
                    errors.Add(Error(path, location, "null is not a valid value; use \"\" where the key documents it"));
                    break;
                case NodeKind.Empty:
                    errors.Add(Error(path, location, "has no value"));
                    break;
                case NodeKind.Array when !reference.IsList(path):
                    errors.Add(Error(path, location, "expected a single value, found a list"));
                    break;
                default:
                    var value = HoconNodes.ReadLeaf(child);
                    if (value is null)
                        errors.Add(Error(path, location, "list items must be plain values"));
                    else
                        leaves[path] = new LayerValue(value, location, originOf(path));
                    break;
            }
        }
    }

    public static SettingsError UnknownKey(string path, string location, ReferenceTree reference)
    {
        var suggestion = KeySuggester.Suggest(path, reference.AllPaths);
        var message = $"unknown key {path} in {location}" + (suggestion is null ? "" : $"; did you mean {suggestion}?");
        return new SettingsError(path, location, message);
    }

    public static SettingsError Error(string path, string location, string problem) =>
        new(path, location, $"{path} in {location}: {problem}");
}
