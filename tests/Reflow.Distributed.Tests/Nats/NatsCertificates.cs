using Reflow.Tests.Shared;

namespace Reflow.Distributed.Tests.Nats;

/// <summary>
/// A throw-away certificate authority with a server certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) and a
/// client certificate, made with <c>openssl</c> (nats-deps.sh installs it) into a folder of its own, removed on dispose.
/// </summary>
internal sealed class NatsCertificates : IDisposable
{
    private NatsCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The authority's certificate (PEM): what clients trust (<c>--tls-ca</c>) and the server checks clients against.</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertificateFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertificateFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>Makes the authority and both certificates (EC P-256, valid two days).</summary>
    public static async Task<NatsCertificates> CreateAsync()
    {
        var certificates = new NatsCertificates(Path.Combine(Path.GetTempPath(), "reflow-tls-" + Guid.NewGuid().ToString("N")[..12]));
        System.IO.Directory.CreateDirectory(certificates.Directory);
        try
        {
            await certificates.OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=reflow test authority",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            await certificates.IssueAsync("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
            await certificates.IssueAsync("client", "reflow test client", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The server's <c>tls { … }</c> block: TLS required of every client; with <paramref name="verifyClients"/> a client
    /// must also present a certificate signed by the authority.
    /// </summary>
    public string ServerConfiguration(bool verifyClients = false) =>
        $"tls {{\n  cert_file: \"{ServerCertificateFile}\"\n  key_file: \"{ServerKeyFile}\"\n  ca_file: \"{CaFile}\"\n  verify: {(verifyClients ? "true" : "false")}\n  timeout: 5\n}}\n";

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

    private async Task IssueAsync(string name, string commonName, string extensions)
    {
        await File.WriteAllTextAsync(Path.Combine(Directory, name + ".ext"), extensions);
        await OpenSslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + commonName);
        await OpenSslAsync("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private Task OpenSslAsync(params string[] args) => OpenSsl.RunAsync(Directory, args);
}
