using Reflow.Server.Hosting;

namespace Reflow.Server.Tests.Hosting;

public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData("localhost:3569", null)]
    [InlineData("127.0.0.1:3569", "http://127.0.0.1:3569")]
    [InlineData("localhost:3569", "http://localhost:3569/")]
    [InlineData("[::1]:3569", "http://[::1]:3569")]
    [InlineData("127.0.0.1:3569", "https://flowhub.example")]
    [InlineData("127.0.0.1:3569", "HTTPS://FLOWHUB.EXAMPLE:443")]
    [InlineData("app.localhost:3569", "http://app.localhost:3569")]
    public void Allowed_on_loopback(string host, string? origin) =>
        Assert.Null(new OriginPolicy(loopbackOnly: true, tls: false, ["https://flowhub.example/"]).Refusal(host, origin));

    [Theory]
    [InlineData("127.0.0.1:3569", "http://127.0.0.1:3570")] // another port is another origin
    [InlineData("127.0.0.1:3569", "https://127.0.0.1:3569")] // not the scheme served
    [InlineData("127.0.0.1:3569", "null")]
    [InlineData("127.0.0.1:3569", "https://flowhub.example.evil")]
    [InlineData("rebound.example:3569", null)] // DNS rebinding: a loopback server answers loopback names only
    [InlineData("rebound.example:3569", "http://rebound.example:3569")]
    public void Refused_on_loopback(string host, string? origin) =>
        Assert.NotNull(new OriginPolicy(loopbackOnly: true, tls: false, ["https://flowhub.example"]).Refusal(host, origin));

    [Fact]
    public void A_loopback_server_behind_a_proxy_takes_the_name_of_an_allowed_origin()
    {
        var policy = new OriginPolicy(loopbackOnly: true, tls: false, ["https://runtime.example.org"]);

        Assert.Null(policy.Refusal("runtime.example.org", "https://runtime.example.org"));
        Assert.Null(policy.Refusal("RUNTIME.example.org:443", null));
        Assert.Contains("--allow-origin", policy.Refusal("other.example.org", null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_server_takes_any_host_name_and_its_own_tls_origin()
    {
        var policy = new OriginPolicy(loopbackOnly: false, tls: true, []);

        Assert.Null(policy.Refusal("runtime.example.org:3569", null));
        Assert.Null(policy.Refusal("runtime.example.org:3569", "https://runtime.example.org:3569"));
        Assert.NotNull(policy.Refusal("runtime.example.org:3569", "http://runtime.example.org:3569"));
        Assert.Contains("--allow-origin https://other.example", policy.Refusal("runtime.example.org:3569", "https://other.example"), StringComparison.Ordinal);
    }
}
