using System.Text.RegularExpressions;
using ActorMail.Accounts.Authentication;
using static ActorMail.Accounts.Tests.Fixtures;

namespace ActorMail.Accounts.Tests;

public class PasswordHasherTests
{
    [Fact]
    public void Hash_uses_the_phc_argon2id_format_with_the_given_parameters()
    {
        var hasher = new PasswordHasher(new ArgonParameters(256, 3, 2));
        var encoded = hasher.Hash("pässword");
        var m = Regex.Match(encoded, @"^\$argon2id\$v=19\$m=256,t=3,p=2\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$");
        Assert.True(m.Success, encoded);
        Assert.Equal(16, Convert.FromBase64String(m.Groups[1].Value + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(m.Groups[2].Value.PadRight(44, '=')).Length);
        Assert.True(PasswordHasher.IsSupportedFormat(encoded));
    }

    [Fact]
    public void Default_parameters_are_the_owasp_minimum()
    {
        Assert.Equal(new ArgonParameters(19456, 2, 1, 16, 32), ArgonParameters.Default);
        Assert.Equal(ArgonParameters.Default, new PasswordHasher().Parameters);
    }

    [Fact]
    public void Verify_accepts_the_right_password_only()
    {
        var encoded = FastHasher.Hash("correct horse");
        Assert.True(FastHasher.Verify("correct horse", encoded));
        Assert.False(FastHasher.Verify("correct horsE", encoded));
        Assert.False(FastHasher.Verify("", encoded));
        Assert.NotEqual(encoded, FastHasher.Hash("correct horse"));
        Assert.Throws<ArgumentException>(() => FastHasher.Hash(""));
    }

    [Theory]
    // Produced by the Argon2 reference implementation (libargon2, argon2id_hash_encoded).
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$YWN0b3JtYWlsLXNhbHQxNg$wCPWf36P6E9B9sgwzgEUF91aqMPa+N26OHL6itd9P3k")]
    [InlineData("$argon2id$v=19$m=256,t=3,p=2$YWN0b3JtYWlsLXNhbHQxNg$k/AoinFXOb/EKeRmXNv4Yhny3tkzBMWc8uAHV2aaXIs")]
    public void Verify_accepts_hashes_from_the_reference_implementation(string encoded)
    {
        Assert.True(FastHasher.Verify("correct horse battery staple", encoded));
        Assert.False(FastHasher.Verify("correct horse battery stapler", encoded));
    }

    [Theory]
    // PBKDF2-HMAC-SHA256, 1000 rounds, salt "saltsalt12345678", password "hunter2" (computed with Python's hashlib).
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHQxMjM0NTY3OA$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM+39XTBZsBc")]
    [InlineData("$pbkdf2-sha256$1000$c2FsdHNhbHQxMjM0NTY3OA$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM.39XTBZsBc")]
    public void Verify_accepts_imported_pbkdf2_hashes(string encoded)
    {
        Assert.True(PasswordHasher.IsSupportedFormat(encoded));
        Assert.True(FastHasher.Verify("hunter2", encoded));
        Assert.False(FastHasher.Verify("hunter3", encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hunter2")]
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$c2FsdA$")]
    [InlineData("$argon2id$v=16$m=64,t=2,p=1$YWN0b3JtYWlsLXNhbHQxNg$wCPWf36P6E9B9sgwzgEUF91aqMPa+N26OHL6itd9P3k")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$YWN0b3JtYWlsLXNhbHQxNg$wCPWf36P6E9B9sgwzgEUF91aqMPa+N26OHL6itd9P3k")]
    [InlineData("$argon2i$v=19$m=64,t=2,p=1$YWN0b3JtYWlsLXNhbHQxNg$wCPWf36P6E9B9sgwzgEUF91aqMPa+N26OHL6itd9P3k")]
    [InlineData("$pbkdf2-sha256$i=0$c2FsdA$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM+39XTBZsBc")]
    [InlineData("$pbkdf2-sha256$i=1000$!!$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM+39XTBZsBc")]
    public void Malformed_or_unsupported_hashes_never_verify(string encoded)
    {
        Assert.False(PasswordHasher.IsSupportedFormat(encoded));
        Assert.False(FastHasher.Verify("hunter2", encoded));
    }

    [Fact]
    public void Parameters_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(new ArgonParameters(4, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(new ArgonParameters(64, 0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(new ArgonParameters(64, 1, 1, SaltLength: 4)));
    }
}
