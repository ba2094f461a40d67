using Company.Components;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Company.Components.Tests;

/// <summary>Runs <see cref="Greeter"/> in a real network: names go in through an exported in-port, greetings come out.</summary>
public sealed class GreeterTests
{
    [Fact]
    public async Task Greets_every_name_in_order()
    {
        NetworkDefinition definition = new NetworkBuilder()
            .AddNode("greet", Component.FromActor<Greeter>())
            .ExportInPort("names", "greet", "in")
            .ExportOutPort("greetings", "greet", "out")
            .Build();

        await using Network network = Network.Create(definition);
        Task<NetworkRunResult> run = network.RunAsync();
        Task<List<string>> greetings = ReadAll(network, "greetings");

        foreach (string name in new[] { "Ada", "Grace", "Barbara" })
        {
            await network.SendAsync("names", Message.String(name));
        }

        network.CompleteInput("names");
        NetworkRunResult result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["Hello, Ada!", "Hello, Grace!", "Hello, Barbara!"], await greetings.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public void Describes_its_ports()
    {
        ComponentDescription description = Component.FromActor<Greeter>().Description;

        Assert.Equal("Company.Components/Greeter", description.Name);
        Assert.Equal("in", Assert.Single(description.InPorts).Name);
        Assert.Equal("out", Assert.Single(description.OutPorts).Name);
    }

    private static async Task<List<string>> ReadAll(Network network, string port)
    {
        var values = new List<string>();
        await foreach (Message message in network.Output(port).ReadAllAsync())
        {
            values.Add(message.AsString());
        }

        return values;
    }
}
