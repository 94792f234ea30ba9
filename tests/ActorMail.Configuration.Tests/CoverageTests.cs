namespace ActorMail.Configuration.Tests;

/// <summary>Every reference key binds to a settings property, and every property comes from a documented key.</summary>
public sealed class CoverageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reference_keys_and_settings_properties_match_one_to_one()
    {
        var fromProperties = SettingsProperties.KeyOfProperty().Values.OfType<string>().ToList();
        Assert.Equal(fromProperties.Count, fromProperties.Distinct().Count());
        var reference = SettingsLoader.AllReferenceKeys();
        Assert.Empty(reference.Except(fromProperties));
        Assert.Empty(fromProperties.Except(reference));
    }

    [Fact]
    public void Binder_reads_exactly_the_reference_keys()
    {
        var r = Loads.Run(_dir);
        Assert.Equal(SettingsLoader.AllReferenceKeys().OrderBy(k => k), r.BoundPaths.OrderBy(k => k));
    }

    [Fact]
    public void Every_reference_key_changes_its_own_property()
    {
        var cert = _dir.Write("cert.pem", "x");
        var key = _dir.Write("key.pem", "x");
        var key2 = _dir.Write("key2.pem", "x");
        var pfx = _dir.Write("smime.pfx", "x");
        var cases = KeyChanges.All(cert, key, key2, pfx);
        Assert.Equal(SettingsLoader.AllReferenceKeys().OrderBy(k => k), cases.Select(c => "actormail." + c.Key).OrderBy(k => k));

        var propertyOfKey = SettingsProperties.KeyOfProperty()
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Value!, kv => kv.Key);
        foreach (var c in cases)
        {
            var a = Flat(c.Companions + $"\nactormail.{c.Key} = {c.A}");
            var b = Flat(c.Companions + $"\nactormail.{c.Key} = {c.B}");
            var property = propertyOfKey["actormail." + c.Key];
            var (va, vb) = (Value(a, property), Value(b, property));
            Assert.True(va != vb, $"actormail.{c.Key}: {property} stayed {va}");
        }
    }

    /// <summary>The property's text, or that of its nearest ancestor when an off-able part is null.</summary>
    private static string Value(Dictionary<string, string> flat, string property)
    {
        while (!flat.ContainsKey(property)) property = property[..property.LastIndexOf('.')];
        return property + "=" + flat[property];
    }

    private Dictionary<string, string> Flat(string file)
    {
        var r = Loads.Run(_dir, file);
        Assert.True(r.IsValid, file + "\n" + string.Join("\n", r.Errors.Select(e => e.Message)));
        return SettingsProperties.Flatten(r.Settings!);
    }
}
