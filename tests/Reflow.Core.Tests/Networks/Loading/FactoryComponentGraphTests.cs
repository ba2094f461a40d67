using System.Collections.Concurrent;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Tests.Actors;

namespace Reflow.Tests.Networks.Loading;

/// <summary>A component whose actor takes a dependency in its constructor, registered with a factory, runs from a graph file.</summary>
public sealed class FactoryComponentGraphTests
{
    [Fact]
    public async Task A_factory_component_with_a_constructor_dependency_runs_from_an_fbp_file_and_uses_the_dependency()
    {
        using var files = new TempDirectory();
        string path = files.Write("greet.fbp", """
            'ada' -> NAME greet(test/Greet) GREETING -> IN collect(test/Collect)
            """);
        var greeting = new ComponentSdkTests.Greeting("hello");
        var collected = new ConcurrentQueue<Message>();
        ComponentRegistry registry = new ComponentRegistry()
            .Add(Component.FromFactory(() => new ComponentSdkTests.GreetActor(greeting)))
            .Add(TestComponents.Collect(collected));

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, registry);
        NetworkRunResult result = await LoaderComponents.Run(definition);

        Assert.Equal(["hello, ada"], collected.Select(m => m.AsString()));
        Assert.Equal(1, greeting.Uses);
        Assert.Equal(0, result.Errors);
        Assert.Equal(["greet.greeting -> collect.in"], definition.Edges.Select(e => e.Id));
    }

    [Fact]
    public async Task A_factory_component_behind_exported_ports_of_an_fbp_file_serves_the_host()
    {
        // The shape of the example in docs/component-sdk.md and the README.
        using var files = new TempDirectory();
        string path = files.Write("greet.fbp", """
            INPORT=greet.NAME:names
            OUTPORT=greet.GREETING:greetings
            greet(test/Greet)
            """);
        var greeting = new ComponentSdkTests.Greeting("hi");
        ComponentRegistry registry = new ComponentRegistry().Add(Component.FromFactory(() => new ComponentSdkTests.GreetActor(greeting)));

        await using Network network = Network.Create(GraphNetworkLoader.LoadFile(path, registry));
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<Message>> reading = TestComponents.ReadAll(network.Output("greetings"));
        await network.SendAsync("names", Message.String("ada"));
        await network.SendAsync("names", Message.String("alan"));
        network.CompleteInput("names");
        await run.WaitAsync(TestComponents.HangLimit);

        Assert.Equal(["hi, ada", "hi, alan"], (await reading.WaitAsync(TestComponents.HangLimit)).Select(m => m.AsString()));
        Assert.Equal(2, greeting.Uses);
    }
}
