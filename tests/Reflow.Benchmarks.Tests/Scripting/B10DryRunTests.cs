using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Tests.Scripting;

/// <summary>
/// Each B10 benchmark method once per workload, as BenchmarkDotNet's dry job calls it (its global set-up, the method,
/// its clean-up), with few messages: every method checks its own output, so a broken row fails here.
/// </summary>
public sealed class B10DryRunTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(B10Scripting).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            foreach (string workload in B10Scripting.Workloads)
            {
                cases.Add(method.Name, workload);
            }
        }

        return cases;
    }

    [Fact]
    public void EveryEngineHasARow()
    {
        string[] methods = [.. typeof(B10Scripting).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Jint", "Node", "NodeJson", "Reflow", "ReflowBatch", "V8"], methods);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MethodRunsOnceAndChecksItsOutput(string method, string workload)
    {
        var suite = new B10Scripting { Workload = workload, Messages = 200 };
        MethodInfo benchmark = typeof(B10Scripting).GetMethod(method)!;
        MethodInfo[] setups = [.. typeof(B10Scripting).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && (setup.Targets.Length == 0 || setup.Targets.Contains(method)))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: a second run over the same engine must hold too
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
