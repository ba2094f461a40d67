using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using static Reflow.Tests.Networks.TestComponents;
using static Reflow.Tests.Spawning.SpawningComponents;

namespace Reflow.Tests.Spawning;

/// <summary>
/// A child's failure is handled by its parent's policy (or the one its spawn names), and the parent hears of each
/// final failure as an Error message on its reply port, in order with the child's replies.
/// </summary>
public sealed class SpawnSupervisionTests
{
    /// <summary>Throws on multiples of 3; otherwise replies "instance:value", where instance numbers the actors the factory made.</summary>
    private sealed class Flaky(int instance) : Actor
    {
        public override void Receive(ActorContext context)
        {
            long v = context.Message.AsInteger();
            if (v % 3 == 0)
            {
                throw new InvalidOperationException($"bad {v}");
            }

            context.Emit("out", Message.String($"{instance}:{v}"));
        }
    }

    /// <summary>Spawns one flaky child (with <paramref name="policy"/>, or none: the parent's), sends it 0..9, completes it, forwards replies.</summary>
    private sealed class Parent(Component child, SupervisionPolicy? policy) : Actor
    {
        public override void Receive(ActorContext context)
        {
            if (context.InPortName == "results")
            {
                context.Emit("out", context.Message);
                return;
            }

            ChildActor flaky = context.Spawn(child, new SpawnOptions { ReplyTo = "results", Supervision = policy, Name = "flaky" });
            for (int i = 0; i < 10; i++)
            {
                context.Send(flaky, Message.Integer(i));
            }

            context.Complete(flaky);
        }
    }

    private static async Task<(NetworkRunResult Result, List<string> Replies, int Instances)> Run(SupervisionPolicy? spawnPolicy, SupervisionPolicy? parentPolicy)
    {
        int instances = 0;
        Component flaky = Component.FromFactory(
            new ComponentDescription("test/Flaky", [new("in", PortType.Integer)], [new("out", PortType.String)]),
            () => new Flaky(Interlocked.Increment(ref instances)));
        var builder = new NetworkBuilder()
            .AddNode("parent", Component.FromFactory(ParentPorts("test/FlakyParent"), () => new Parent(flaky, spawnPolicy)))
            .AddInitial("parent", "in", Message.Integer(1))
            .ExportOutPort("out", "parent", "out");
        if (parentPolicy is not null)
        {
            builder.Supervise("parent", parentPolicy);
        }

        await using Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1 });
        Task<List<Message>> output = ReadAll(network.Output("out"));
        NetworkRunResult result = await network.RunAsync().WaitAsync(HangLimit);
        List<string> replies = [.. (await output.WaitAsync(HangLimit)).Select(m => m.TryGetError(out string? error) ? "error " + error : m.AsString())];
        Assert.Equal(0, network.LiveChildren);
        return (result, replies, instances);
    }

    private static string Error(long v) => $"error parent/flaky#1: InvalidOperationException: bad {v}";

    [Fact]
    public async Task Resume_the_child_goes_on_with_the_same_actor_and_the_parent_gets_an_error_for_each_failed_message_in_order()
    {
        (NetworkRunResult result, List<string> replies, int instances) = await Run(new SupervisionPolicy { Action = FailureAction.Resume }, null);

        Assert.Equal([Error(0), "1:1", "1:2", Error(3), "1:4", "1:5", Error(6), "1:7", "1:8", Error(9)], replies);
        Assert.Equal(1, instances);
        Assert.True(result.Completed);
        Assert.False(result.HasUnhandledFailures); // the parent handled them: they reached it
    }

    [Fact]
    public async Task Restart_the_child_gets_a_fresh_actor_after_each_failure()
    {
        (_, List<string> replies, int instances) = await Run(new SupervisionPolicy { Action = FailureAction.Restart, MaxRestarts = 10 }, null);

        Assert.Equal([Error(0), "2:1", "2:2", Error(3), "3:4", "3:5", Error(6), "4:7", "4:8", Error(9)], replies);
        Assert.Equal(5, instances); // the first, and one per failure
    }

    [Fact]
    public async Task Stop_the_child_stops_at_its_first_failure_and_what_is_sent_later_goes_to_the_dead_letters()
    {
        (NetworkRunResult result, List<string> replies, _) = await Run(new SupervisionPolicy { Action = FailureAction.Stop }, null);

        Assert.Equal([Error(0)], replies);
        Assert.Equal(9, result.DeadLetters); // 1..9, counted, never silent
        Assert.Equal(9, result.DeadLettersByReason[DeadLetterReason.ActorStopped]);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task Without_a_policy_of_its_own_the_child_is_supervised_by_its_parents_policy()
    {
        (NetworkRunResult result, List<string> replies, _) = await Run(null, new SupervisionPolicy { Action = FailureAction.Stop });

        Assert.Equal([Error(0)], replies);
        Assert.Equal(9, result.DeadLetters);
    }

    [Fact]
    public async Task A_retried_failure_is_not_reported_to_the_parent_only_the_final_one()
    {
        (_, List<string> replies, int instances) = await Run(
            new SupervisionPolicy { Action = FailureAction.Resume, MaxRetries = 2, RetryBackoff = TimeSpan.FromMilliseconds(1) }, null);

        Assert.Equal([Error(0), "1:1", "1:2", Error(3), "1:4", "1:5", Error(6), "1:7", "1:8", Error(9)], replies);
        Assert.Equal(1, instances);
    }
}
