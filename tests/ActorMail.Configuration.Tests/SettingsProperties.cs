using System.Collections;
using System.Reflection;
using System.Text;

namespace ActorMail.Configuration.Tests;

/// <summary>
/// Walks the settings records by reflection: maps each leaf property to the HOCON key it is
/// bound from (kebab-case of the property path, with the listed exceptions), and flattens a
/// settings object into comparable texts.
/// </summary>
internal static class SettingsProperties
{
    /// <summary>Leaf properties whose key is not the kebab-case of their name; null = derived, no key.</summary>
    private static readonly Dictionary<string, string?> Exceptions = new()
    {
        ["Tls.CertificatePath"] = "actormail.tls.certificate",
        ["Tls.PrivateKeyPath"] = "actormail.tls.private-key",
        ["Tls.IsDefaultCertificate"] = null,
        ["Smtp.StartTls"] = "actormail.smtp.starttls",
        ["Delivery.Dkim.PrivateKeyPath"] = "actormail.delivery.dkim.private-key",
        ["Delivery.Smime.CertificatePath"] = "actormail.delivery.smime.certificate",
    };

    /// <summary>Property path (e.g. "Smtp.Access.Preset") to HOCON key, for every leaf property.</summary>
    public static Dictionary<string, string?> KeyOfProperty()
    {
        var map = new Dictionary<string, string?>();
        Walk(typeof(ActorMailSettings), "", "actormail", map);
        return map;
    }

    private static void Walk(Type type, string propertyPrefix, string keyPrefix, Dictionary<string, string?> map)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyPath = propertyPrefix.Length == 0 ? p.Name : propertyPrefix + "." + p.Name;
            var key = keyPrefix + "." + Kebab(p.Name);
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (IsSettingsRecord(t))
                Walk(t, propertyPath, key, map);
            else
                map[propertyPath] = Exceptions.TryGetValue(propertyPath, out var k) ? k : key;
        }
    }

    private static bool IsSettingsRecord(Type t) =>
        t.IsClass && t.Namespace == "ActorMail.Configuration" && t.Name.EndsWith("Settings", StringComparison.Ordinal);

    public static string Kebab(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]))) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>Every leaf property as text ("null" for an absent off-able part).</summary>
    public static Dictionary<string, string> Flatten(object settings)
    {
        var values = new Dictionary<string, string>();
        Flatten(settings, "", values);
        return values;
    }

    private static void Flatten(object obj, string prefix, Dictionary<string, string> values)
    {
        foreach (var p in obj.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = prefix.Length == 0 ? p.Name : prefix + "." + p.Name;
            var value = p.GetValue(obj);
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (IsSettingsRecord(t) && value is not null)
                Flatten(value, path, values);
            else
                values[path] = value switch
                {
                    null => "null",
                    string s => s,
                    IEnumerable list => "[" + string.Join(",", list.Cast<object>()) + "]",
                    _ => value.ToString() ?? "",
                };
        }
    }
}
