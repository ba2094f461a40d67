using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>What <c>AddReflow</c> calls collected: one instance per service collection, found again by a second call.</summary>
internal sealed class ReflowRegistrations(ReflowHostingOptions options)
{
    public ReflowHostingOptions Options { get; } = options;

    public List<Action<ComponentRegistry, IServiceProvider>> Components { get; } = [];

    public ReflowNetworks Networks { get; } = new();
}
