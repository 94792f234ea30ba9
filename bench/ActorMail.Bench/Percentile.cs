namespace ActorMail.Bench;

/// <summary>Nearest-rank percentile of an ascending array of latencies, as the sub-commands report them.</summary>
static class Percentile
{
    /// <summary>The value at rank <c>Length * q</c> (clamped to the last), or <paramref name="whenEmpty"/> for no values.</summary>
    public static double Of(double[] sorted, double q, double whenEmpty) =>
        sorted.Length == 0 ? whenEmpty : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
}
