using System.Reflection;
using BenchmarkDotNet.Attributes;
using Reflow.Benchmarks.Peers;
using Reflow.Benchmarks.Peers.Common;
using Reflow.Benchmarks.Peers.ReflowRuntime;

namespace Reflow.Benchmarks.Tests.Peers;

/// <summary>
/// B8's spawning Reflow case at dry scale (1 000 and 10 000 leaves), twice over one instance as BenchmarkDotNet's
/// dry job calls it: each run fails unless every actor of the tree was spawned once and the root answered once with
/// the sum of the leaves — the same checks as the static case, which runs beside it here.
/// </summary>
public sealed class B8SkynetDryRunTests
{
    [Fact]
    public void EveryRowIsABenchmark()
    {
        string[] methods = [.. typeof(B8Skynet).GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(["Akka", "ProtoActor", "Reflow", "ReflowStatic"], methods);
    }

    [Theory]
    [InlineData(1_000L)]
    [InlineData(10_000L)]
    public async Task The_spawning_tree_runs_twice_and_answers_as_the_staticTreeone(long leaves)
    {
        var shape = new SkynetShape(leaves);
        var spawning = new ReflowSpawningSkynet(shape);
        var staticTree = new ReflowSkynet(shape);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(shape.ExpectedSum, await spawning.RunAsync().WaitAsync(TimeSpan.FromMinutes(2)));
        }

        Assert.Equal(shape.ExpectedSum, await staticTree.RunAsync().WaitAsync(TimeSpan.FromMinutes(2)));
    }
}
