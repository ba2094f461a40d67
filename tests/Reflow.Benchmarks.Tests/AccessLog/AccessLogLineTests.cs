using Reflow.Benchmarks.AccessLog;

namespace Reflow.Benchmarks.Tests.AccessLog;

public sealed class AccessLogLineTests
{
    private const string Good = "10.0.0.7 - alice [20/Nov/2026:00:00:01 +0000] \"GET /products/4?page=2 HTTP/1.1\" 200 8222 \"https://www.example.com/\" \"curl/8.5.0\"";

    [Fact]
    public void ParsesTheFieldsOfAWellFormedLine()
    {
        Assert.True(AccessLogLine.TryParse(Good, out int status, out ReadOnlySpan<char> path, out long bytes));
        Assert.Equal(200, status);
        Assert.Equal("/products/4?page=2", path.ToString());
        Assert.Equal(8222, bytes);
    }

    [Fact]
    public void ADashByteCountIsZero()
    {
        Assert.True(AccessLogLine.TryParse(Good.Replace(" 8222 ", " - ", StringComparison.Ordinal), out int status, out _, out long bytes));
        Assert.Equal(200, status);
        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"-\" 408 - \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"\\x16\\x03\\x01\" 400 226 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1 extra\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET  / HTTP/1.1\" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / \" 200 1 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 20 1 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 2000 1 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 12k \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 +12 \"-\" \"-\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"cu\"rl\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\"  \"curl\"")]
    [InlineData("10.0.0.7 - - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl\" ")]
    [InlineData("10.0.0.7 -  - [20/Nov/2026:00:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl\"")]
    [InlineData("10.0.0.7 - - [] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl\"")]
    [InlineData("10.0.0.7 - - 20/Nov/2026:00:00:01 \"GET / HTTP/1.1\" 200 1 \"-\" \"curl\"")]
    [InlineData("[Fri Nov 20 00:00:07.316000 2026] [core:error] [pid 8912] AH00126: Invalid URI in request GET /%zz HTTP/1.1")]
    public void RejectsWhatThePatternRejects(string line)
    {
        Assert.False(LinqAccessLog.IsWellFormed(line));
        Assert.False(AccessLogLine.TryParse(line, out _, out _, out _));
    }

    [Theory]
    [InlineData("h i u [t] \"M p P\" 000 0 \"\" \"\"")]
    [InlineData("h i u [t] [x] \"M p P\" 999 - \"a b\" \"c d\"")]
    [InlineData("h i u [[t] \"M p P\" 304 - \"-\" \"-\"")]
    public void AcceptsWhatThePatternAccepts(string line)
    {
        Assert.Equal(LinqAccessLog.IsWellFormed(line), AccessLogLine.TryParse(line, out _, out _, out _));
    }

    [Fact]
    public void AByteCountBeyond64BitsIsMalformed()
    {
        string huge = Good.Replace(" 8222 ", " 99999999999999999999 ", StringComparison.Ordinal);

        Assert.True(LinqAccessLog.IsWellFormed(huge)); // the pattern alone cannot say: the definition adds "fits 64 bits"
        Assert.False(AccessLogLine.TryParse(huge, out _, out _, out _));
    }
}
