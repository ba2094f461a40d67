using System.Text;
using Reflow.Distributed.Cluster;
using Reflow.Distributed.Partitioning;
using Reflow.Distributed.Protocol;
using Reflow.Graphs;

namespace Reflow.Distributed.Tests.Security;

/// <summary>
/// The deployment's <c>[scripts]</c> table (paths inside the graph's folder, <c>sha256:</c> hashes, every problem with
/// file:line), and a node's own checks of what a coordinator sends: it trusts neither the path nor the hash.
/// </summary>
public sealed class ScriptDeploymentTests
{
    private static readonly string Hash = "sha256:" + new string('a', 64);

    [Fact]
    public void Scripts_are_read_in_file_order_with_their_hashes_in_lowercase()
    {
        DeploymentFile deployment = DeploymentFile.Parse($"[scripts]\n\"scripts/b.js\" = \"{Hash.ToUpperInvariant().Replace("SHA256", "sha256", StringComparison.Ordinal)}\"\n\"a.py\" = \"{Hash}\"\n");
        Assert.Equal(["scripts/b.js", "a.py"], deployment.Scripts.Keys);
        Assert.All(deployment.Scripts.Values, h => Assert.Equal(Hash, h));
        Assert.Empty(DeploymentFile.Parse("[placement]\nx = \"a\"\n").Scripts);
    }

    [Fact]
    public void Every_bad_script_entry_is_a_problem_with_its_line()
    {
        var error = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse(
            "[scripts]\n\"../outside.js\" = \"" + Hash + "\"\n\"/etc/abs.js\" = \"" + Hash + "\"\n\"ok.js\" = \"md5:00\"\n\"n.js\" = 3\n\"w\\\\x.js\" = \"" + Hash + "\"\n",
            "deploy.toml"));
        Assert.Equal(5, error.Problems.Count);
        Assert.StartsWith("deploy.toml:2: [scripts] \"../outside.js\": the path must stay inside", error.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("deploy.toml:3: [scripts] \"/etc/abs.js\": the path must be relative", error.Problems[1], StringComparison.Ordinal);
        Assert.Equal("deploy.toml:4: [scripts] \"ok.js\" must be \"sha256:\" and the file's SHA-256 in 64 hex digits (what sha256sum prints), but is \"md5:00\"", error.Problems[2]);
        Assert.StartsWith("deploy.toml:5: [scripts] \"n.js\" must be \"sha256:\"", error.Problems[3], StringComparison.Ordinal);
        Assert.StartsWith("deploy.toml:6: [scripts] \"w\\x.js\": write the path with '/'", error.Problems[4], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_table_names_scripts_among_the_known_ones()
    {
        var error = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse("[script]\n\"a.js\" = \"x\"\n", "deploy.toml"));
        Assert.Equal("deploy.toml:1: unknown table [script]; the tables are [placement], [delivery], [edges] and [scripts]", error.Message);
    }

    [Fact]
    public void A_listed_script_that_is_missing_is_an_error_before_anything_runs()
    {
        DeploymentFile deployment = DeploymentFile.Parse($"[scripts]\n\"nowhere.js\" = \"{Hash}\"\n", "deploy.toml");
        var error = Assert.Throws<DeploymentException>(() => ScriptShipment.Load(deployment, new Graph(), Path.GetTempPath()));
        Assert.StartsWith("deploy.toml:2 ([scripts] \"nowhere.js\"): the script ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_refuses_a_shipped_script_whose_content_is_not_its_hash_or_whose_path_leaves_the_folder()
    {
        byte[] content = Encoding.UTF8.GetBytes("export const x = 1;");
        string hash = ShippedScriptPaths.HashOf(content);
        ShippedScript[] tampered = [new ShippedScript("a.js", hash, Encoding.UTF8.GetBytes("export const x = 2;"))];
        var error = Assert.Throws<ClusterException>(() => PartScripts.Install(tampered, "r1", null, "n", accept: true));
        Assert.Contains("the shipped script \"a.js\" was refused: its content has sha256:", error.Message, StringComparison.Ordinal);

        ShippedScript[] escaping = [new ShippedScript("../../escape.js", hash, content)];
        error = Assert.Throws<ClusterException>(() => PartScripts.Install(escaping, "r1", null, "n", accept: true));
        Assert.Contains("must stay inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_writes_accepted_scripts_into_a_private_folder_removed_with_the_part()
    {
        byte[] content = Encoding.UTF8.GetBytes("export const x = 1;");
        const string GraphFolder = "/coordinator/graphs";
        ShippedScript[] shipped = [new ShippedScript("lib/a.js", ShippedScriptPaths.HashOf(content), content)];
        Graph graph = GraphFile.Read("{\"processes\": {\"x\": {\"component\": \"lib/a.js\"}, \"y\": {\"component\": \"script/javascript\", \"metadata\": {\"file\": \"/coordinator/graphs/lib/a.js\"}}, \"z\": {\"component\": \"core/Repeat\"}}}", GraphFormat.NoFloJson);
        string copy;
        using (PartScripts scripts = PartScripts.Install(shipped, "r2", GraphFolder, "n", accept: true)!)
        {
            copy = Path.Combine(scripts.Folder, "lib", "a.js");
            Assert.Equal(content, File.ReadAllBytes(copy));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(scripts.Folder));
            }

            scripts.Apply(graph, GraphFolder);
            Assert.Equal(copy, graph.Nodes.Single(n => n.Id == "x").Component);
            Assert.Equal(copy, graph.Nodes.Single(n => n.Id == "y").Metadata.GetString("file"));
            Assert.Equal("core/Repeat", graph.Nodes.Single(n => n.Id == "z").Component);
        }

        Assert.False(File.Exists(copy));
    }
}
