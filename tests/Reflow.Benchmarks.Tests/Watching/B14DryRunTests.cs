using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Watching;

namespace Reflow.Benchmarks.Tests.Watching;

/// <summary>
/// Each B14 benchmark method as BenchmarkDotNet's dry job calls it (its global set-up, the method twice, its
/// clean-up), with few messages: every run fails unless each message reached the sink once, and a watched run unless
/// the client saw data events on every edge that add up (with the packets they say were skipped) to no more than
/// were sent — through a real protocol server on 127.0.0.1 and a WebSocket client.
/// </summary>
public sealed class B14DryRunTests
{
    public static TheoryData<string> Methods() =>
        [.. typeof(B14Watched).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name)];

    [Fact]
    public void EveryRowIsABenchmark()
    {
        string[] methods = [.. typeof(B14Watched).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Unwatched", "Watched", "WatchedEveryMessage", "WatchedInCore"], methods);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task MethodRunsTwiceAndChecksItsOutput(string method)
    {
        var suite = new B14Watched { Messages = 3_000 };
        MethodInfo benchmark = typeof(B14Watched).GetMethod(method)!;
        MethodInfo[] setups = [.. typeof(B14Watched).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && (setup.Targets.Length == 0 || setup.Targets.Contains(method)))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: the server starts the same graph again after a run that ended by itself
            {
                await ((Task)benchmark.Invoke(suite, null)!).WaitAsync(TimeSpan.FromMinutes(2));
            }
        }
        finally
        {
            suite.Cleanup();
        }
    }
}
