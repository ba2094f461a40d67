using Reflow.Configuration;

namespace Reflow.Tests.Configuration;

/// <summary><see cref="ReflowConfiguration.TryParseDuration"/>: the public form of the configuration's duration syntax.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData(" 1.5s ", 1500)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("0", 0)]
    [InlineData("00:00:01", 1000)]
    public void Reads_a_duration_as_configuration_writes_it(string text, double milliseconds)
    {
        Assert.True(ReflowConfiguration.TryParseDuration(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1s")]
    [InlineData("-00:00:01")]
    [InlineData("10 parsecs")]
    [InlineData("200")] // TimeSpan would read 200 days
    [InlineData("5555555555555555555555555555551s")] // past TimeSpan: AFL++ found it threw OverflowException
    [InlineData("1e300ms")]
    [InlineData("10675200d")] // TimeSpan.MaxValue is 10 675 199 days and a bit
    public void Refuses_what_is_not_a_duration(string text)
    {
        Assert.False(ReflowConfiguration.TryParseDuration(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }
}
