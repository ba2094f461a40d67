using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Remote;

namespace Reflow.Benchmarks.Tests.Remote;

/// <summary>
/// Each B13 benchmark method once per workload, as BenchmarkDotNet's dry job calls it (its global set-up, the method
/// twice, its clean-up), with few messages: a throughput invocation fails unless every integer arrived exactly once,
/// a latency invocation unless every message arrived (each wait bounded). The Reflow rows are among the cases once
/// the build has the remote-edge transport and the machine a nats-server (<see cref="ReflowRemotePeer.Missing"/>);
/// before that B13Config leaves them out of a run, and so do these cases.
/// </summary>
public sealed class B13DryRunTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(B13Remote).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            if (ReflowRemotePeer.Missing() is not null && method.Name.StartsWith(nameof(B13Remote.Reflow), StringComparison.Ordinal))
            {
                continue;
            }

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

        Assert.Equal(["Akka", "ProtoActor", "Reflow", "ReflowUnbatched"], methods);
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

    [Fact]
    public void ReflowRowsFailClearlyWithoutTheTransport()
    {
        string? missing = ReflowRemotePeer.Missing();
        if (missing is null)
        {
            return; // the transport is in the build and a nats-server on the machine: the rows run above
        }

        var suite = new B13Remote { Workload = RemoteWorkload.Throughput, Messages = 10 };
        var error = Assert.ThrowsAny<Exception>(() => typeof(B13Remote).GetMethod(nameof(B13Remote.SetUpReflow))!.Invoke(suite, null));

        Assert.Contains("B13:", (error.InnerException ?? error).Message, StringComparison.Ordinal);
        suite.Cleanup();
    }
}
