using System.Security.Cryptography.X509Certificates;
using Reflow.Tests.Shared;

namespace Reflow.Server.Tests.Hosting;

/// <summary>
/// A throw-away self-signed server certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1), made with <c>openssl</c>
/// as a PEM certificate, its PEM key and a PFX holding both, in a folder of its own removed on dispose.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    public const string PfxPassword = "test password";

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CertificateFile => Path.Combine(Directory, "server.pem");

    public string KeyFile => Path.Combine(Directory, "server.key");

    public string PfxFile => Path.Combine(Directory, "server.pfx");

    /// <summary>The certificate clients must see (no key).</summary>
    public X509Certificate2 Certificate => X509CertificateLoader.LoadCertificateFromFile(CertificateFile);

    public static async Task<TestCertificates> CreateAsync()
    {
        var certificates = new TestCertificates(Path.Combine(Path.GetTempPath(), "reflow-server-tls-" + Guid.NewGuid().ToString("N")[..12]));
        System.IO.Directory.CreateDirectory(certificates.Directory);
        try
        {
            await certificates.OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "server.key", "-out", "server.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "extendedKeyUsage=serverAuth");
            await certificates.OpenSslAsync("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.pfx",
                "-passout", "pass:" + PfxPassword);
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private Task OpenSslAsync(params string[] args) => OpenSsl.RunAsync(Directory, args);
}
