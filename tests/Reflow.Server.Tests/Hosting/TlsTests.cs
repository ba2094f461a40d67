using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Hosting;

/// <summary>wss:// with a certificate made by openssl for the test, from PEM (with its key file) and from PFX.</summary>
public sealed class TlsTests
{
    public static TheoryData<string> Kinds => ["pem", "pem-combined", "pfx"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Serves_wss_with_the_certificate(string kind)
    {
        using TestCertificates certificates = await TestCertificates.CreateAsync();
        string path = kind switch
        {
            "pfx" => certificates.PfxFile,
            "pem" => certificates.CertificateFile,
            _ => Combined(certificates),
        };
        await using ReflowServer server = await ReflowServer.StartAsync(new ReflowServerOptions
        {
            Port = 0,
            Secret = "s",
            CertificatePath = path,
            CertificateKeyPath = kind == "pem" ? certificates.KeyFile : null,
            CertificatePassword = kind == "pfx" ? TestCertificates.PfxPassword : null,
        });
        using X509Certificate2 expected = certificates.Certificate;

        await using WebSocketTestClient client = await WebSocketTestClient.ConnectAsync(server.Url, trusted: expected);
        var request = new JsonObject { ["protocol"] = "nosuch", ["command"] = "x", ["payload"] = new JsonObject(), ["secret"] = "s" };
        JsonObject answer = await client.RequestAsync(request, "nosuch", "error");

        Assert.Equal("wss", server.Url.Scheme);
        Assert.Contains("Unknown protocol", (string?)answer["payload"]?["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_ws_client_gets_nothing_from_a_tls_server()
    {
        using TestCertificates certificates = await TestCertificates.CreateAsync();
        await using ReflowServer server = await ReflowServer.StartAsync(new ReflowServerOptions
        {
            Port = 0,
            CertificatePath = certificates.PfxFile,
            CertificatePassword = TestCertificates.PfxPassword,
        });

        var plain = new UriBuilder(server.Url) { Scheme = "ws" }.Uri;

        await Assert.ThrowsAnyAsync<Exception>(() => WebSocketTestClient.ConnectAsync(plain));
    }

    [Fact]
    public async Task Unreadable_certificates_are_refused_with_the_option_named()
    {
        using TestCertificates certificates = await TestCertificates.CreateAsync();

        var missing = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, CertificatePath = Path.Combine(certificates.Directory, "none.pem") }));
        var noKey = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, CertificatePath = certificates.CertificateFile }));
        var wrongPassword = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, CertificatePath = certificates.PfxFile, CertificatePassword = "wrong" }));
        var keyAlone = await Assert.ThrowsAsync<ReflowServerException>(() => ReflowServer.StartAsync(new ReflowServerOptions { Port = 0, CertificateKeyPath = certificates.KeyFile }));

        Assert.Contains("CertificatePath (--certificate)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("--certificate-key", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("CertificatePassword", wrongPassword.Message, StringComparison.Ordinal);
        Assert.Contains("without CertificatePath", keyAlone.Message, StringComparison.Ordinal);
    }

    private static string Combined(TestCertificates certificates)
    {
        string path = Path.Combine(certificates.Directory, "combined.pem");
        File.WriteAllText(path, File.ReadAllText(certificates.CertificateFile) + File.ReadAllText(certificates.KeyFile));
        return path;
    }
}
