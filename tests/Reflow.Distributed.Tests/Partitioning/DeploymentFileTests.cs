using Reflow.Distributed.Partitioning;

namespace Reflow.Distributed.Tests.Partitioning;

public sealed class DeploymentFileTests
{
    [Fact]
    public void Every_key_is_read()
    {
        DeploymentFile d = DeploymentFile.Parse(
            """
            # deploy.toml
            [placement]
            source = "a"
            "work*" = "b"
            [delivery]
            default = "at-least-once"
            "merge.OUT -> sink.IN" = "at-most-once"
            "fork.OUT[1] -> w1.IN[0]" = "at-least-once"
            [edges]
            max_batch = 65536
            compression_threshold = 0
            """,
            "deploy.toml");

        Assert.Equal("deploy.toml", d.FileName);
        Assert.Equal([new("source", "a"), new("work*", "b")], d.Placement.ToArray());
        Assert.Equal(DeliveryMode.AtLeastOnce, d.DefaultDelivery);
        Assert.Equal(
            [new("merge.OUT -> sink.IN", DeliveryMode.AtMostOnce), new("fork.OUT[1] -> w1.IN[0]", DeliveryMode.AtLeastOnce)],
            d.EdgeDelivery.ToArray());
        Assert.Equal(65536, d.MaxBatch);
        Assert.Equal(0, d.CompressionThreshold);
        Assert.Equal("deploy.toml:4 ([placement] \"work*\")", d.Where("placement", "work*"));
    }

    [Fact]
    public void Two_readings_of_the_same_text_are_equal()
    {
        const string Toml = "[placement]\nx = \"a\"\ny = \"b\"\n[delivery]\n\"x.out -> y.in\" = \"at-least-once\"\n";
        Assert.Equal(DeploymentFile.Parse(Toml), DeploymentFile.Parse(Toml));
        Assert.Equal(DeploymentFile.Parse(Toml).GetHashCode(), DeploymentFile.Parse(Toml).GetHashCode());
        Assert.NotEqual(DeploymentFile.Parse(Toml), DeploymentFile.Parse(Toml.Replace("\"b\"", "\"c\"", StringComparison.Ordinal)));
        Assert.NotEqual(DeploymentFile.Parse(Toml), DeploymentFile.Parse(Toml) with { MaxBatch = 1 });
        Assert.Equal(DeploymentFile.Default, DeploymentFile.Parse(""));
    }

    [Fact]
    public void A_table_written_twice_is_an_error()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse("[placement]\nx = \"a\"\n[placement]\ny = \"b\"\n"));
        Assert.Equal("deploy.toml:3: [placement] is written twice (first on line 1); TOML allows a table once", ex.Message);
    }

    [Fact]
    public void An_empty_file_is_the_default()
    {
        DeploymentFile d = DeploymentFile.Parse("# nothing\n");
        Assert.Empty(d.Placement);
        Assert.Empty(d.EdgeDelivery);
        Assert.Equal(DeliveryMode.AtMostOnce, d.DefaultDelivery);
        Assert.Equal(DeploymentFile.DefaultMaxBatch, d.MaxBatch);
        Assert.Equal(DeploymentFile.DefaultCompressionThreshold, d.CompressionThreshold);
    }

    [Fact]
    public void Load_reads_a_file_and_names_it_in_problems()
    {
        string path = Path.Combine(Path.GetTempPath(), $"deploy-{Guid.NewGuid():N}.toml");
        try
        {
            File.WriteAllText(path, "[placement]\nsource = \"a\"\n[edges]\nmax_batch = 0\n");
            DeploymentException ex = Assert.Throws<DeploymentException>(() => DeploymentFile.Load(path));
            Assert.Equal($"{path}:4: [edges] max_batch must be an integer from 1 to 65536, but is 0", ex.Message);

            File.WriteAllText(path, "[placement]\nsource = \"a\"\n");
            Assert.Equal("a", DeploymentFile.Load(path).Placement["source"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("[placement]\nsource = \"a\"\nsource = \"b\"\n", "deploy.toml:3: [placement] \"source\" is set twice (first on line 2)")]
    [InlineData("[placement]\nsource = 3\n", "deploy.toml:2: [placement] \"source\" must be a string: the name of a cluster node (reflow node --name), but is 3")]
    [InlineData("[placement]\nsource = \"\"\n", "deploy.toml:2: [placement] \"source\" must be a string: the name of a cluster node (reflow node --name), but is \"\"")]
    [InlineData("[placement]\nsource = [\"a\"]\n", "deploy.toml:2: [placement] \"source\" must be a string: the name of a cluster node (reflow node --name), but is an array")]
    [InlineData("[placement]\nsource.x = \"a\"\n", "deploy.toml:2: [placement] \"source\" must be a string: the name of a cluster node (reflow node --name), but is a table (quote a key that contains a dot: \"source.…\")")]
    [InlineData("[placement]\n\"\" = \"a\"\n", "deploy.toml:2: [placement] has an empty key; a key is a graph node id or a glob with * (\"work*\")")]
    [InlineData("[delivery]\ndefault = \"exactly-once\"\n", "deploy.toml:2: [delivery] \"default\" must be \"at-most-once\" or \"at-least-once\", but is \"exactly-once\"")]
    [InlineData("[delivery]\ndefault = true\n", "deploy.toml:2: [delivery] \"default\" must be \"at-most-once\" or \"at-least-once\", but is true")]
    [InlineData("[delivery]\n\"a.OUT -> b.IN\" = \"sometimes\"\n", "deploy.toml:2: [delivery] \"a.OUT -> b.IN\" must be \"at-most-once\" or \"at-least-once\", but is \"sometimes\"")]
    [InlineData("[delivery]\n\"a.OUT to b.IN\" = \"at-most-once\"\n", "deploy.toml:2: [delivery] key \"a.OUT to b.IN\" is neither 'default' nor an edge: an edge is written \"node.PORT -> node.PORT\" (one arrow)")]
    [InlineData("[delivery]\n\"a -> b.IN\" = \"at-most-once\"\n", "deploy.toml:2: [delivery] key \"a -> b.IN\" is neither 'default' nor an edge: 'a' is not \"node.PORT\"")]
    [InlineData("[delivery]\n\"a.OUT[x] -> b.IN\" = \"at-most-once\"\n", "deploy.toml:2: [delivery] key \"a.OUT[x] -> b.IN\" is neither 'default' nor an edge: 'a.OUT[x]' has an index that is not a number 0 or more (\"node.PORT[1]\")")]
    [InlineData("[edges]\nmax_batch = 65537\n", "deploy.toml:2: [edges] max_batch must be an integer from 1 to 65536, but is 65537")]
    [InlineData("[edges]\nmax_batch = 1.5\n", "deploy.toml:2: [edges] max_batch must be an integer from 1 to 65536, but is 1.5")]
    [InlineData("[edges]\ncompression_threshold = -1\n", "deploy.toml:2: [edges] compression_threshold must be an integer of bytes, 0 or more, but is -1")]
    [InlineData("[edges]\ncompression_threshold = \"4k\"\n", "deploy.toml:2: [edges] compression_threshold must be an integer of bytes, 0 or more, but is \"4k\"")]
    [InlineData("[edges]\nmax_frame = 10\n", "deploy.toml:2: unknown key [edges] max_frame; the keys are max_batch and compression_threshold")]
    [InlineData("# top\nname = \"x\"\n", "deploy.toml:2: unknown key 'name' outside a table; a deployment has the tables [placement], [delivery], [edges] and [scripts]")]
    [InlineData("\n[nodes]\na = 1\n", "deploy.toml:2: unknown table [nodes]; the tables are [placement], [delivery], [edges] and [scripts]")]
    [InlineData("[placement]\nx = \"a\"\n[edges]\nmax_batch = 8\n\n[placement] # again\ny = \"b\"\n", "deploy.toml:6: [placement] is written twice (first on line 1); TOML allows a table once")]
    [InlineData("[[placement]]\nx = \"a\"\n", "deploy.toml:1: [[placement]] is an array of tables; a deployment has the tables [placement], [delivery], [edges] and [scripts]")]
    [InlineData("nodes = [\"a\", [1]]\n[edges]\nmax_batch = 2\n", "deploy.toml:1: unknown key 'nodes' outside a table; a deployment has the tables [placement], [delivery], [edges] and [scripts]")]
    [InlineData("[edges]\nmax_batch = [[1], 2]\ncompression_threshold = 5\n", "deploy.toml:2: [edges] max_batch must be an integer from 1 to 65536, but is an array")]
    [InlineData("[placement.more]\na = \"b\"\n", "deploy.toml:1: [placement] \"more\" must be a string: the name of a cluster node (reflow node --name), but is a table (quote a key that contains a dot: \"more.…\")")]
    public void A_problem_names_the_file_the_line_and_what_was_expected(string toml, string expected)
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse(toml));
        Assert.Equal(expected, ex.Message);
        Assert.Equal([expected], ex.Problems);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse("[placement]\nsource = \"a\n", "d.toml"));
        Assert.StartsWith("d.toml:2: TOML syntax error: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once_in_file_order()
    {
        DeploymentException ex = Assert.Throws<DeploymentException>(() => DeploymentFile.Parse(
            "[placement]\nsource = 1\n[delivery]\ndefault = \"never\"\n[edges]\nmax_batch = 0\n", "d.toml"));
        Assert.Equal(3, ex.Problems.Count);
        Assert.StartsWith("d.toml:2: ", ex.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("d.toml:4: ", ex.Problems[1], StringComparison.Ordinal);
        Assert.StartsWith("d.toml:6: ", ex.Problems[2], StringComparison.Ordinal);
        Assert.StartsWith("3 problems:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_made_in_code_checks_its_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeploymentFile { MaxBatch = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeploymentFile { MaxBatch = DeploymentFile.MaxBatchLimit + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeploymentFile { CompressionThreshold = -1 });
        Assert.Equal("[placement] \"x\"", new DeploymentFile().Where("placement", "x"));
    }
}
