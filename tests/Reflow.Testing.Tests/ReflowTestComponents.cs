using Reflow.Actors;
using Reflow.Components;
using Reflow.Networks;

namespace Reflow.Testing.Tests;

/// <summary>Standard components these tests build networks from by hand.</summary>
internal static class ReflowTestComponents
{
    private static readonly ComponentRegistry Registry = new ComponentRegistry().AddStandardComponents();

    public static Component Repeat => Find("core/Repeat");

    public static Component Find(string name) => Registry.FindComponent(name) ?? throw new ArgumentException($"No standard component '{name}'.", nameof(name));
}
