namespace ActorMail.Transport.Tls;

/// <summary>A certificate or private-key file is missing or cannot be read; the message names the file.</summary>
public sealed class CertificateLoadException : Exception
{
    public CertificateLoadException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file at fault.</summary>
    public string Path { get; }
}
