using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Scripting;

namespace Reflow.Benchmarks.Tests.Scripting;

/// <summary>
/// Each <see cref="ScriptEngineCallAllocation"/> method once per workload, as BenchmarkDotNet's dry job calls it (its
/// global set-up, the method twice, its clean-up): every method checks what the script emitted, so a broken case fails here.
/// </summary>
public sealed class ScriptEngineCallAllocationTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (MethodInfo method in typeof(ScriptEngineCallAllocation).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            foreach (string workload in ScriptEngineCallAllocation.Workloads)
            {
                cases.Add(method.Name, workload);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MethodRunsAndChecksItsOutput(string method, string workload)
    {
        var suite = new ScriptEngineCallAllocation { Workload = workload };
        MethodInfo[] setups = [.. typeof(ScriptEngineCallAllocation).GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is { } setup
            && setup.Targets.Contains(method))];
        Assert.Single(setups);
        try
        {
            setups[0].Invoke(suite, null);
            for (int i = 0; i < 2; i++) // twice: the engine carries on from one invocation to the next
            {
                typeof(ScriptEngineCallAllocation).GetMethod(method)!.Invoke(suite, null);
            }
        }
        finally
        {
            suite.Cleanup();
        }
    }
}
