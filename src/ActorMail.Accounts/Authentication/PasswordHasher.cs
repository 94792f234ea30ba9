using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace ActorMail.Accounts.Authentication;

/// <summary>
/// Hashes passwords with Argon2id into the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (unpadded standard base64), and verifies them.
/// Verification also accepts imported PBKDF2-SHA256 hashes, <c>$pbkdf2-sha256$i=N$&lt;salt&gt;$&lt;hash&gt;</c>
/// (the passlib form with a bare iteration count and '.' for '+' is accepted too).
/// </summary>
/// <remarks>Slow by design (tens of milliseconds): never call it on an actor's thread. Thread-safe.</remarks>
public class PasswordHasher
{
    /// <summary>Highest memory cost accepted from a stored hash (1 GiB), so a crafted hash cannot exhaust memory.</summary>
    public const int MaxMemoryKiB = 1024 * 1024;
    public const int MaxIterations = 64;
    public const int MaxPbkdf2Iterations = 10_000_000;

    private const string ArgonPrefix = "$argon2id$";
    private const string Pbkdf2Prefix = "$pbkdf2-sha256$";

    public ArgonParameters Parameters { get; }

    public PasswordHasher() : this(ArgonParameters.Default)
    {
    }

    public PasswordHasher(ArgonParameters parameters)
    {
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>True when <paramref name="encoded"/> looks like a hash this class can verify (a cheap syntax check).</summary>
    public static bool IsSupportedFormat(string? encoded) =>
        encoded is not null && encoded.Length <= 512 &&
        ((encoded.StartsWith(ArgonPrefix, StringComparison.Ordinal) && TryParseArgon(encoded, out _)) ||
         (encoded.StartsWith(Pbkdf2Prefix, StringComparison.Ordinal) && TryParsePbkdf2(encoded, out _)));

    /// <summary>A new Argon2id hash of <paramref name="password"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The password is empty (an empty password never verifies).</exception>
    public string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var p = Parameters;
        var salt = RandomNumberGenerator.GetBytes(p.SaltLength);
        var hash = Argon2id(password, salt, p.MemoryKiB, p.Iterations, p.Parallelism, p.HashLength);
        return string.Create(CultureInfo.InvariantCulture,
            $"{ArgonPrefix}v=19$m={p.MemoryKiB},t={p.Iterations},p={p.Parallelism}${Encode(salt)}${Encode(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="encoded"/>; false for an empty password or any malformed hash.</summary>
    public virtual bool Verify(string password, string encoded)
    {
        if (string.IsNullOrEmpty(password)) return false;
        if (encoded.StartsWith(ArgonPrefix, StringComparison.Ordinal) && TryParseArgon(encoded, out var a))
            return CryptographicOperations.FixedTimeEquals(
                Argon2id(password, a.Salt, a.MemoryKiB, a.Iterations, a.Parallelism, a.Hash.Length), a.Hash);
        if (encoded.StartsWith(Pbkdf2Prefix, StringComparison.Ordinal) && TryParsePbkdf2(encoded, out var k))
            return CryptographicOperations.FixedTimeEquals(
                Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), k.Salt, k.Iterations, HashAlgorithmName.SHA256, k.Hash.Length), k.Hash);
        return false;
    }

    private static byte[] Argon2id(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(length);
    }

    private readonly record struct ArgonHash(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash);

    private readonly record struct Pbkdf2Hash(int Iterations, byte[] Salt, byte[] Hash);

    // $argon2id$v=19$m=..,t=..,p=..$salt$hash  →  ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
    private static bool TryParseArgon(string encoded, out ArgonHash result)
    {
        result = default;
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[2] != "v=19") return false;
        int m = -1, t = -1, p = -1;
        foreach (var kv in parts[3].Split(','))
        {
            if (kv.Length < 3 || kv[1] != '=' || !TryParseInt(kv[2..], out var v)) return false;
            switch (kv[0])
            {
                case 'm': m = v; break;
                case 't': t = v; break;
                case 'p': p = v; break;
                default: return false;
            }
        }
        if (p is < 1 or > 64 || m < 8 * p || m > MaxMemoryKiB || t is < 1 or > MaxIterations) return false;
        if (!TryDecode(parts[4], out var salt) || salt.Length < 8) return false;
        if (!TryDecode(parts[5], out var hash) || hash.Length is < 16 or > 64) return false;
        result = new ArgonHash(m, t, p, salt, hash);
        return true;
    }

    // $pbkdf2-sha256$i=N$salt$hash  or  $pbkdf2-sha256$N$salt$hash
    private static bool TryParsePbkdf2(string encoded, out Pbkdf2Hash result)
    {
        result = default;
        var parts = encoded.Split('$');
        if (parts.Length != 5) return false;
        var rounds = parts[2].StartsWith("i=", StringComparison.Ordinal) ? parts[2][2..] : parts[2];
        if (!TryParseInt(rounds, out var i) || i is < 1 or > MaxPbkdf2Iterations) return false;
        if (!TryDecode(parts[3], out var salt) || salt.Length == 0) return false;
        if (!TryDecode(parts[4], out var hash) || hash.Length is < 16 or > 64) return false;
        result = new Pbkdf2Hash(i, salt, hash);
        return true;
    }

    private static bool TryParseInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > 128) return false;
        var s = text.Replace('.', '+').TrimEnd('=');
        if (s.Length % 4 == 1) return false;
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length * 3 / 4];
        if (!Convert.TryFromBase64String(s, buffer, out int written)) return false;
        bytes = buffer[..written];
        return true;
    }
}
