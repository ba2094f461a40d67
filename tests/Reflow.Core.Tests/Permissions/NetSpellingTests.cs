using Reflow.Permissions;

namespace Reflow.Core.Tests.Permissions;

/// <summary>
/// The spellings of one address that a URL may carry are one target to a net grant, and the flag a denial names is one
/// that grants it (regression: <c>http://127.0.0.1.:8080/</c> was denied as the host <c>127.0.0.1.</c>, naming the
/// flag <c>--allow-net=127.0.0.1.:8080</c>, which is not a valid grant).
/// </summary>
public sealed class NetSpellingTests
{
    [Theory]
    [InlineData("http://127.0.0.1.:8080/x")]
    [InlineData("http://127.1:8080/x")]
    [InlineData("http://2130706433:8080/x")]
    [InlineData("http://0x7f000001:8080/x")]
    [InlineData("http://example.com@127.0.0.1:8080/x")]
    public void Every_spelling_of_an_address_is_that_address(string url)
    {
        var uri = new Uri(url);

        Assert.True(PermissionSet.None.WithNet("127.0.0.1:8080").AllowsNet(uri));
        Assert.True(PermissionSet.None.WithNet("127.0.0.1.").AllowsNet(uri));
        Assert.False(PermissionSet.None.WithNet("127.0.0.1:8081", "example.com", "localhost").TryCheckNet(uri, out PermissionDeniedException? denial));
        Assert.Equal("--allow-net=127.0.0.1:8080", denial.Flag);
    }

    [Theory]
    [InlineData("http://Example.COM.:443/", "example.com")]
    [InlineData("http://[::ffff:127.0.0.1]:8080/", "[::ffff:127.0.0.1]:8080")]
    [InlineData("http://[0:0::1]:8080/", "[::1]:8080")]
    public void The_flag_a_denial_names_grants_exactly_what_was_denied(string url, string grantOfHost)
    {
        var uri = new Uri(url);

        Assert.False(PermissionSet.None.TryCheckNet(uri, out PermissionDeniedException? denial));
        Assert.True(PermissionSet.FromFlags([denial.Flag]).AllowsNet(uri));
        Assert.True(PermissionSet.None.WithNet(grantOfHost).AllowsNet(uri));
    }
}
