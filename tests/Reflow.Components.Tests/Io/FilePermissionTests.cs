using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>io/ReadLines, io/ReadBytes and io/WriteFile with and without read and write permission.</summary>
public sealed class FilePermissionTests
{
    private static string Config(string path, string more = "") =>
        $$"""{"path":{{MessageJson.ToJson(Message.String(path))}}{{more}}}""";

    private static Task<ComponentRun> Run(string component, string config, PermissionSet permissions, params (string Port, Message[] Messages)[] inputs) =>
        ComponentRun.RunAsync(ComponentRun.Find(component), config, [], inputs, new NetworkOptions { WorkerCount = 1, Permissions = permissions });

    [Theory]
    [InlineData("io/ReadLines")]
    [InlineData("io/ReadBytes")]
    public async Task A_read_without_permission_fails_the_node_naming_the_flag_and_reads_nothing(string component)
    {
        using var temp = new TempDirectory();
        string path = temp.File("secret.txt");
        File.WriteAllText(path, "top secret\n");

        ComponentRun run = await Run(component, Config(path), PermissionSet.None.WithWrite(temp.Path)); // write is not read

        Assert.Equal(
            $"node: PermissionDeniedException: read access to '{path}' is not granted; grant it with --allow-read={path} (or the permissions.read configuration key)",
            Assert.Single(run.Errors));
        Assert.Empty(run["out"]);
        Assert.Empty(run["done"]);
        Assert.Equal(1, run.Result.Errors); // a failure the runtime counts, not only a message
    }

    [Theory]
    [InlineData("io/ReadLines")]
    [InlineData("io/ReadBytes")]
    public async Task A_read_under_a_granted_directory_works(string component)
    {
        using var temp = new TempDirectory();
        string path = temp.File("data.txt");
        File.WriteAllText(path, "a\nb\n");

        ComponentRun run = await Run(component, Config(path), PermissionSet.None.WithRead(temp.Path));

        Assert.Empty(run.Errors);
        Assert.NotEmpty(run["out"]);
        Assert.Single(run["done"]);
    }

    [Fact]
    public async Task A_grant_of_a_directory_is_not_a_grant_of_its_sibling_with_a_longer_name()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("database"));
        string path = temp.File("database/rows.txt");
        File.WriteAllText(path, "row\n");

        ComponentRun run = await Run("io/ReadLines", Config(path), PermissionSet.None.WithRead(temp.File("data")));

        Assert.Contains($"--allow-read={path}", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Empty(run["out"]);
    }

    [Fact]
    public async Task Dot_dot_and_symbolic_links_cannot_lead_out_of_a_granted_directory()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("data"));
        Directory.CreateDirectory(temp.File("private"));
        File.WriteAllText(temp.File("private/key.txt"), "key\n");
        Directory.CreateSymbolicLink(temp.File("data/private"), temp.File("private"));
        PermissionSet permissions = PermissionSet.None.WithRead(temp.File("data"));

        ComponentRun dotDot = await Run("io/ReadLines", Config(temp.File("data/../private/key.txt")), permissions);
        ComponentRun link = await Run("io/ReadLines", Config(temp.File("data/private/key.txt")), permissions);

        Assert.Contains($"read access to '{temp.File("private/key.txt")}' is not granted", Assert.Single(dotDot.Errors), StringComparison.Ordinal);
        Assert.Contains($"'{temp.File("data/private/key.txt")}' (which is '{temp.File("private/key.txt")}')", Assert.Single(link.Errors), StringComparison.Ordinal);
        Assert.Empty(dotDot["out"]);
        Assert.Empty(link["out"]);
    }

    [Fact]
    public async Task A_write_without_permission_fails_at_start_creates_nothing_and_reports_what_it_is_sent()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");

        ComponentRun run = await Run("io/WriteFile", Config(path), PermissionSet.None.WithRead(temp.Path), ("in", [Message.String("x")]));

        Assert.False(File.Exists(path));
        Assert.Equal(2, run.Errors.Count);
        Assert.Contains($"write access to '{path}' is not granted; grant it with --allow-write={path}", run.Errors[0], StringComparison.Ordinal);
        Assert.Contains("the node is not configured", run.Errors[1], StringComparison.Ordinal);
        Assert.Contains("--allow-write=", run.Errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_under_a_granted_directory_works()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");

        ComponentRun run = await Run("io/WriteFile", Config(path), PermissionSet.None.WithWrite(temp.Path), ("in", [Message.String("x")]));

        Assert.Empty(run.Errors);
        Assert.Equal("x\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_relative_path_reads_and_writes_beside_the_graph_file_whatever_the_current_directory()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("in.txt"), "one\ntwo\n");
        string graph = temp.File("copy.json");
        File.WriteAllText(graph, """
            {
              "processes": {
                "read": { "component": "io/ReadLines", "metadata": { "path": "in.txt" } },
                "write": { "component": "io/WriteFile", "metadata": { "path": "out.txt" } }
              },
              "connections": [ { "src": { "process": "read", "port": "out" }, "tgt": { "process": "write", "port": "in" } } ]
            }
            """);
        Assert.NotEqual(temp.Path, Directory.GetCurrentDirectory());

        NetworkDefinition definition = GraphNetworkLoader.LoadFile(graph, new ComponentRegistry().AddStandardComponents(), new GraphLoadOptions { EnvironmentVariables = _ => null });
        await using (Network network = Network.Create(definition, new NetworkOptions { WorkerCount = 1, Permissions = PermissionSet.None.WithRead(temp.Path).WithWrite(temp.Path) }))
        {
            NetworkRunResult result = await network.RunAsync().WaitAsync(ComponentRun.HangLimit);
            Assert.Equal(0, result.Errors);
        }

        Assert.Equal("one\ntwo\n", File.ReadAllText(temp.File("out.txt")));
    }
}
