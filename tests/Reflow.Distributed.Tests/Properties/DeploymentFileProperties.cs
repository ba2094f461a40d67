using System.Text;
using CsCheck;
using Reflow.Distributed.Partitioning;
using Reflow.Tests.Properties;

namespace Reflow.Distributed.Tests.Properties;

/// <summary>Deployment files: any valid one reads as written; a damaged one is a DeploymentException, never another.</summary>
public sealed class DeploymentFileProperties
{
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly Gen<string> Word = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.Const('_'), Gen.Const('-')).Array[1, 8].Select(c => new string(c));

    private sealed record Deployment(string Text, (string Node, string Part)[] Placement, (string Edge, DeliveryMode Mode)[] Delivery, int MaxBatch, int Threshold);

    private static readonly Gen<Deployment> Valid = Gen.Select(
            Gen.Select(Gen.OneOf(Word, Word.Select(w => w + "*")), Word).Array[0, 6],
            Gen.Select(Word, Word, Word, Word, Gen.Bool).Array[0, 5],
            Gen.Int[1, DeploymentFile.MaxBatchLimit],
            Gen.Int[0, int.MaxValue],
            Gen.Bool)
        .Select((placement, delivery, maxBatch, threshold, atLeastOnce) =>
        {
            var text = new StringBuilder("# deploy.toml\n[placement]\n");
            (string, string)[] nodes = [.. placement.DistinctBy(p => p.Item1)];
            foreach ((string node, string part) in nodes)
            {
                text.Append('"').Append(node).Append("\" = \"").Append(part).Append("\"\n");
            }

            text.Append("[delivery]\ndefault = \"").Append(atLeastOnce ? "at-least-once" : "at-most-once").Append("\"\n");
            (string, DeliveryMode)[] edges = [.. delivery
                .Select(d => ($"{d.Item1}.OUT -> {d.Item2}.IN", d.Item5 ? DeliveryMode.AtLeastOnce : DeliveryMode.AtMostOnce))
                .DistinctBy(e => e.Item1)];
            foreach ((string edge, DeliveryMode mode) in edges)
            {
                text.Append('"').Append(edge).Append("\" = \"").Append(mode == DeliveryMode.AtLeastOnce ? "at-least-once" : "at-most-once").Append("\"\n");
            }

            text.Append("[edges]\nmax_batch = ").Append(maxBatch).Append("\ncompression_threshold = ").Append(threshold).Append('\n');
            return new Deployment(text.ToString(), nodes, edges, maxBatch, threshold);
        });

    [Fact]
    public void Any_valid_deployment_reads_as_written() =>
        Valid.Sample(d =>
        {
            DeploymentFile file = DeploymentFile.Parse(d.Text);
            Assert.Equal(d.Placement.Select(p => KeyValuePair.Create(p.Node, p.Part)), file.Placement);
            Assert.Equal(d.Delivery.Select(e => KeyValuePair.Create(e.Edge, e.Mode)), file.EdgeDelivery);
            Assert.Equal((d.MaxBatch, d.Threshold), (file.MaxBatch, file.CompressionThreshold));
        }, iter: 1_000, seed: Seed, print: d => d.Text);

    [Fact]
    public void Any_damaged_deployment_is_a_DeploymentException_never_another() =>
        Mutations.DamagedText(Valid.Select(d => d.Text), "[", "]", "[[", "=", "\"", "'", "\n", "#", "->", ".", "[placement]", "[scripts]\n\"a.js\" = \"sha256:", "-1", "99999999999", "\\U0011FF", "{", "}")
            .Sample(text => Mutations.OnlyThrows<DeploymentException>(() => DeploymentFile.Parse(text), () => text), iter: 6_000, seed: Seed);

    [Theory]
    [InlineData("[placement]\n\"a\" = \"\\U0011FF")]
    [InlineData("[placement]\n\"a\" = \"\\U0011FFFF\"\n")]
    [InlineData("[placement]\n\"\\uD800\" = \"b\"\n")]
    public void An_escape_that_names_no_character_is_a_DeploymentException(string text) =>
        Assert.Throws<DeploymentException>(() => DeploymentFile.Parse(text));
}
