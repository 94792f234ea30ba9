namespace ActorMail.Accounts.Authentication;

/// <summary>
/// Argon2id cost parameters for new hashes. <see cref="Default"/> is OWASP's recommended minimum
/// (m = 19 MiB, t = 2, p = 1) with a 16-byte salt and a 32-byte hash.
/// </summary>
/// <param name="MemoryKiB">Memory cost in KiB (at least 8 × <paramref name="Parallelism"/>).</param>
public sealed record ArgonParameters(int MemoryKiB, int Iterations, int Parallelism, int SaltLength = 16, int HashLength = 32)
{
    public static readonly ArgonParameters Default = new(19456, 2, 1);

    internal void Validate()
    {
        if (Parallelism is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(Parallelism));
        if (MemoryKiB < 8 * Parallelism || MemoryKiB > PasswordHasher.MaxMemoryKiB) throw new ArgumentOutOfRangeException(nameof(MemoryKiB));
        if (Iterations is < 1 or > PasswordHasher.MaxIterations) throw new ArgumentOutOfRangeException(nameof(Iterations));
        if (SaltLength is < 8 or > 64) throw new ArgumentOutOfRangeException(nameof(SaltLength));
        if (HashLength is < 16 or > 64) throw new ArgumentOutOfRangeException(nameof(HashLength));
    }
}
