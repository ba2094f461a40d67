using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Remote;

namespace Reflow.Benchmarks.Tests.Remote;

/// <summary>
/// Each B13 benchmark method once per workload, as BenchmarkDotNet's dry job calls it (its global set-up, the method
/// twice, its clean-up), with few messages: a throughput invocation fails unless every integer arrived exactly once,
/// a latency invocation unless every message arrived (each wait bounded), and a Reflow invocation also unless the
/// edge's ends agree that nothing was lost. The Reflow rows (at-most-once batched and unbatched, at-least-once on
/// JetStream) are always among the cases: the test build installs nats-server when it is missing (NatsDeps.targets).
/// A benchmark run on a machine without one leaves them out and says so (<see cref="ReflowRemotePeer.Missing"/>).
/// </summary>
public sealed class B13DryRunTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(B13Remote).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            foreach (string workload in B13Remote.Workloads)
            {
                cases.Add(method.Name, workload);
            }
        }

        return cases;
    }

    [Fact]
    public void EveryRowIsABenchmark()
    {
        string[] methods = [.. typeof(B13Remote).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Akka", "ProtoActor", "Reflow", "ReflowAtLeastOnce", "ReflowUnbatched"], methods);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MethodRunsTwiceAndChecksItsOutput(string method, string workload)
    {
        // 2 500 is not a multiple of the acknowledgement step (512): the last acknowledgement is a partial one.
        var suite = new B13Remote { Workload = workload, Messages = 2_500, LatencyMessages = 5 };
        MethodInfo benchmark = typeof(B13Remote).GetMethod(method)!;
        MethodInfo[] setups = [.. typeof(B13Remote).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && (setup.Targets.Length == 0 || setup.Targets.Contains(method)))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: a second sender and receiver over the same systems must work too
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
