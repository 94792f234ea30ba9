namespace ActorMail.Configuration;

/// <summary>Finds the known key nearest to a mistyped one.</summary>
internal static class KeySuggester
{
    /// <summary>The nearest known path by edit distance, or null when none is close enough.</summary>
    public static string? Suggest(string unknownPath, IEnumerable<string> knownPaths)
    {
        var wanted = unknownPath.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        var known = knownPaths.ToList();
        foreach (var candidate in known)
        {
            int d = Distance(wanted, candidate.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best is not null && bestDistance <= Math.Max(2, wanted.Length / 6))
            return best;

        // A known key put in the wrong section: same last segment elsewhere.
        var last = wanted[(wanted.LastIndexOf('.') + 1)..];
        return known
            .Where(k => k.EndsWith("." + last, StringComparison.OrdinalIgnoreCase))
            .OrderBy(k => Distance(wanted, k.ToLowerInvariant()))
            .ThenBy(k => k, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transposition).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}
