using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>
/// Every standard component that opens a path, granted and denied: by the network's grant in a run built in code, and
/// by a node's own <c>permissions</c> setting in a graph loaded from a file (which replaces the network's grant).
/// </summary>
public sealed class ComponentPermissionMatrixTests
{
    private static readonly string[] s_fileFamilies = ["io/", "csv/", "jsonl/"];

    private static Task<ComponentRun> Run(FileComponentCase c, string path, PermissionSet permissions) =>
        ComponentRun.RunAsync(ComponentRun.Find(c.Component), c.Config(path), [], c.Inputs(path), new NetworkOptions { WorkerCount = 1, Permissions = permissions });

    [Fact]
    public void Every_standard_file_component_is_in_the_matrix()
    {
        IEnumerable<string> fileComponents = new ComponentRegistry().AddStandardComponents().Names
            .Where(n => s_fileFamilies.Any(f => n.StartsWith(f, StringComparison.Ordinal)));

        Assert.Equal(fileComponents.Order(StringComparer.Ordinal), FileComponentCase.All.Select(c => c.Component).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FileComponentCase.Names), MemberType = typeof(FileComponentCase))]
    public async Task Denied_the_node_reports_the_flag_to_grant_and_touches_nothing(string component)
    {
        FileComponentCase c = FileComponentCase.Named(component);
        using var temp = new TempDirectory();
        string path = c.Prepare(temp);

        ComponentRun run = await Run(c, path, c.OtherKind(temp.Path)); // read is not write, nor write read

        Assert.NotEmpty(run.Errors);
        Assert.All(run.Errors, e => Assert.Contains($"{PermissionSet.KindName(c.Kind)} access to '{path}' is not granted; grant it with {c.Flag(path)}", e, StringComparison.Ordinal));
        if (c.Reads)
        {
            Assert.Empty(run["out"]);
            Assert.Empty(run["done"]);
        }
        else
        {
            Assert.False(File.Exists(path));
        }
    }

    [Theory]
    [MemberData(nameof(FileComponentCase.Names), MemberType = typeof(FileComponentCase))]
    public async Task Granted_exactly_its_directory_the_node_does_its_work(string component)
    {
        FileComponentCase c = FileComponentCase.Named(component);
        using var temp = new TempDirectory();
        string path = c.Prepare(temp);

        ComponentRun run = await Run(c, path, c.Exact(temp.Path));

        Assert.Empty(run.Errors);
        if (c.Reads)
        {
            Assert.NotEmpty(run["out"]);
            Assert.Equal(c.ExpectedDone, Assert.Single(run["done"]).AsInteger());
        }
        else
        {
            Assert.Equal(c.ExpectedFile, File.ReadAllText(path));
        }
    }

    [Theory]
    [MemberData(nameof(FileComponentCase.Names), MemberType = typeof(FileComponentCase))]
    public async Task A_node_permissions_setting_in_a_graph_file_grants_what_the_network_does_not(string component)
    {
        FileComponentCase c = FileComponentCase.Named(component);
        using var temp = new TempDirectory();
        string path = c.Prepare(temp);
        string flag = c.Reads ? "--allow-read=." : "--allow-write=."; // relative: the graph file's directory

        (IReadOnlyList<Message> done, IReadOnlyList<string> errors) = await RunGraph(temp, c, $"\"{flag}\"", PermissionSet.None);

        Assert.Empty(errors);
        if (c.Reads)
        {
            Assert.Equal(c.ExpectedDone, Assert.Single(done).AsInteger());
        }
        else
        {
            Assert.Equal(c.ExpectedFile, File.ReadAllText(path));
        }
    }

    [Theory]
    [MemberData(nameof(FileComponentCase.Names), MemberType = typeof(FileComponentCase))]
    public async Task A_node_permissions_setting_replaces_the_network_grant(string component)
    {
        FileComponentCase c = FileComponentCase.Named(component);
        using var temp = new TempDirectory();
        string path = c.Prepare(temp);

        // The network grants everything the node needs; the node's own grant (an object of lists) does not.
        (IReadOnlyList<Message> done, IReadOnlyList<string> errors) = await RunGraph(temp, c, """{"env":["HOME"],"net":["example.com"]}""",
            PermissionSet.None.WithRead(temp.Path).WithWrite(temp.Path));

        Assert.NotEmpty(errors);
        Assert.Contains($"grant it with {c.Flag(path)}", errors[0], StringComparison.Ordinal);
        Assert.Empty(done);
        if (!c.Reads)
        {
            Assert.False(File.Exists(path));
        }
    }

    private static async Task<(IReadOnlyList<Message> Done, IReadOnlyList<string> Errors)> RunGraph(
        TempDirectory temp, FileComponentCase c, string permissionsJson, PermissionSet network)
    {
        string graph = temp.File("graph.json");
        File.WriteAllText(graph, c.Graph(permissionsJson));
        NetworkDefinition definition = GraphNetworkLoader.LoadFile(graph, new ComponentRegistry().AddStandardComponents(), new GraphLoadOptions { EnvironmentVariables = _ => null });
        await using Network running = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = network });
        Task<List<Message>> done = c.Reads ? ComponentRun.ReadAll(running, "done") : Task.FromResult(new List<Message>());
        Task<List<Message>> errors = ComponentRun.ReadAll(running, "error");
        await running.RunAsync().WaitAsync(ComponentRun.HangLimit);
        return (await done.WaitAsync(ComponentRun.HangLimit), [.. (await errors.WaitAsync(ComponentRun.HangLimit)).Select(e => e.AsError())]);
    }
}
