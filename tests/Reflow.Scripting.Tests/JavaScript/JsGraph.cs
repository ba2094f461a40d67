using Reflow.Actors;
using Reflow.Components;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting.JavaScript;

namespace Reflow.Scripting.Tests.JavaScript;

/// <summary>
/// Runs a NoFlo JSON graph written into a temporary folder (with any script files beside it) through a real
/// <see cref="Network"/> whose registry has the standard components and JavaScript: feeds its exported in-ports,
/// reads its exported out-ports to the end.
/// </summary>
internal sealed class JsGraph : IDisposable
{
    /// <summary>How long a test waits before it calls a run hung: a failure, never a synchronisation.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public JsGraph()
    {
        Directory = Path.Combine(Path.GetTempPath(), "reflow-js-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its full path.</summary>
    public string Write(string name, string text)
    {
        string path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static ComponentRegistry Registry(ScriptingOptions? options = null) => new ComponentRegistry().AddStandardComponents().AddJavaScript(options);

    /// <summary>Makes the registry a run loads its graph with (the standard components and JavaScript unless a test's runtime says otherwise).</summary>
    public Func<ScriptingOptions?, ComponentRegistry> MakeRegistry { get; init; } = Registry;

    /// <summary>Loads <paramref name="graphJson"/> (NoFlo JSON, or the .fbp text when <paramref name="graphFile"/> ends .fbp), runs it, sends <paramref name="inputs"/> port by port, and returns everything the exported out-ports carried.</summary>
    public async Task<JsRun> RunAsync(string graphJson, IEnumerable<(string Port, Message[] Messages)> inputs, ScriptingOptions? options = null, NetworkOptions? networkOptions = null, string graphFile = "graph.json")
    {
        string path = Write(graphFile, graphJson);
        NetworkDefinition definition = GraphNetworkLoader.LoadFile(path, MakeRegistry(options), new GraphLoadOptions { EnvironmentVariables = _ => null });
        await using Network network = Network.Create(definition, networkOptions ?? new NetworkOptions());
        Task<List<NetworkEvent>> events = ReadEvents(network.SubscribeEvents());
        Task<NetworkRunResult> run = network.RunAsync();
        var readers = definition.OutPorts.ToDictionary(p => p.Name, p => ReadAll(network, p.Name));
        var fed = new HashSet<string>();
        foreach ((string port, Message[] messages) in inputs)
        {
            fed.Add(port);
            foreach (Message message in messages)
            {
                await network.SendAsync(port, message);
            }

            network.CompleteInput(port);
        }

        foreach (ExportedPortDefinition port in definition.InPorts.Where(p => !fed.Contains(p.Name)))
        {
            network.CompleteInput(port.Name);
        }

        NetworkRunResult result = await run.WaitAsync(HangLimit);
        var outputs = new Dictionary<string, List<Message>>();
        foreach ((string name, Task<List<Message>> reader) in readers)
        {
            outputs[name] = await reader.WaitAsync(HangLimit);
        }

        return new JsRun(result, outputs, await events.WaitAsync(HangLimit));
    }

    private static async Task<List<NetworkEvent>> ReadEvents(System.Threading.Channels.ChannelReader<NetworkEvent> reader)
    {
        var events = new List<NetworkEvent>();
        await foreach (NetworkEvent item in reader.ReadAllAsync())
        {
            events.Add(item);
        }

        return events;
    }

    private static async Task<List<Message>> ReadAll(Network network, string port)
    {
        var messages = new List<Message>();
        await foreach (Message message in network.Output(port).ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine: the temp folder is cleaned by the system
        }
    }
}

/// <summary>What a run of <see cref="JsGraph"/> produced.</summary>
internal sealed record JsRun(NetworkRunResult Result, Dictionary<string, List<Message>> Outputs, IReadOnlyList<NetworkEvent> Events)
{
    public IReadOnlyList<Message> this[string port] => Outputs[port];

    /// <summary>The lines the scripts logged, as "level: text".</summary>
    public IEnumerable<string> Logs => Events.Where(e => e.Kind == NetworkEventKind.ActorLog).Select(e => $"{e.Port}: {e.Message?.AsString()}");
}
