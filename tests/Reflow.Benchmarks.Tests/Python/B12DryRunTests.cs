using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Python;

namespace Reflow.Benchmarks.Tests.Python;

/// <summary>
/// Each B12 benchmark method once per workload, as BenchmarkDotNet's dry job calls it (its global set-up, the method
/// twice, its clean-up), with few messages: every method checks its output's checksum against the expected one, so a
/// broken row fails here. The Reflow rows are among the cases once the build has the <c>script/python</c> runtime
/// (<see cref="PythonPipeline.Available"/>); before that B12Config leaves them out of a run, and so do these cases.
/// </summary>
public sealed class B12DryRunTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(B12Python).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            if (!PythonPipeline.Available && method.Name.StartsWith(nameof(B12Python.Reflow), StringComparison.Ordinal))
            {
                continue;
            }

            foreach (string workload in B12Python.Workloads)
            {
                cases.Add(method.Name, workload);
            }
        }

        return cases;
    }

    [Fact]
    public void EveryRowIsABenchmark()
    {
        string[] methods = [.. typeof(B12Python).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Floor", "FloorFramed", "PythonNet", "PythonNetBatch", "Reflow", "ReflowUnbatched"], methods);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MethodRunsTwiceAndChecksItsOutput(string method, string workload)
    {
        var suite = new B12Python { Workload = workload, Messages = 300, UnbatchedMessages = 50 };
        MethodInfo benchmark = typeof(B12Python).GetMethod(method)!;
        MethodInfo[] setups = [.. typeof(B12Python).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && (setup.Targets.Length == 0 || setup.Targets.Contains(method)))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: a second run over the same worker, interpreter or pipeline must hold too
            {
                if (benchmark.Invoke(suite, null) is Task task)
                {
                    await task;
                }
            }
        }
        finally
        {
            suite.Cleanup();
        }
    }

    [Fact]
    public void ReflowRowsFailClearlyWithoutTheRuntime()
    {
        if (PythonPipeline.Available)
        {
            Assert.Contains("script/python", PythonPipeline.MissingMessage, StringComparison.Ordinal);
            return;
        }

        var suite = new B12Python { Workload = B12Workload.Integer, Messages = 10 };
        var error = Assert.Throws<TargetInvocationException>(() => typeof(B12Python).GetMethod(nameof(B12Python.SetUpReflow))!.Invoke(suite, null));

        Assert.Contains("no script/python runtime", error.InnerException!.Message, StringComparison.Ordinal);
        suite.Cleanup();
    }
}
