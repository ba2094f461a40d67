using Reflow.Networks;

namespace Reflow.Tests.Architecture;

/// <summary>Reflow.Core's layers point one way (DESIGN §2): no type of a lower layer references a higher one.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void No_lower_layer_references_a_higher_one()
    {
        IReadOnlyList<LayerViolation> violations = LayerChecker.Check(typeof(Network).Assembly.Location);

        Assert.True(violations.Count == 0, "Layer violations in Reflow.Core:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_namespace_of_Reflow_Core_is_in_a_layer()
    {
        string[] layers = typeof(Network).Assembly.GetTypes()
            .Select(t => LayerRules.LayerOf(t.Namespace ?? ""))
            .OfType<string>()
            .Distinct()
            .Order()
            .ToArray();

        Assert.Equal(["Actors", "Configuration", "Graphs", "Messages", "Networks", "Permissions", "Rings", "Scheduling"], layers);
    }
}
