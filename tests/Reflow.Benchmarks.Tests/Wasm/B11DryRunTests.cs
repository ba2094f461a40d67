using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Wasm;

namespace Reflow.Benchmarks.Tests.Wasm;

/// <summary>
/// Each B11 benchmark method once per workload, as BenchmarkDotNet's dry job calls it (its global set-up, the method
/// twice, its clean-up), with few messages: every method checks the sink's count and checksum against the source's,
/// so a broken case fails here.
/// </summary>
public sealed class B11DryRunTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(B11Wasm).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            foreach (string workload in B11Wasm.Workloads)
            {
                cases.Add(method.Name, workload);
            }
        }

        return cases;
    }

    [Fact]
    public void EveryCaseHasARow()
    {
        string[] methods = [.. typeof(B11Wasm).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Batch", "BatchKept", "Instantiation", "InstantiationBatch", "Json", "JsonKept"], methods);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MethodRunsTwiceAndChecksItsOutput(string method, string workload)
    {
        var suite = new B11Wasm { Workload = workload, JsonMessages = 300, BatchMessages = 3000, Calls = 50 };
        MethodInfo benchmark = typeof(B11Wasm).GetMethod(method)!;
        MethodInfo[] setups = [.. typeof(B11Wasm).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && (setup.Targets.Length == 0 || setup.Targets.Contains(method)))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: a second run over the same plugin and pipeline must hold too
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
}
