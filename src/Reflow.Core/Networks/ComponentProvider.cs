using Reflow.Actors;
using Reflow.Graphs;

namespace Reflow.Networks;

/// <summary>
/// Makes components that are not registered by name: from a file a graph names directly (a script,
/// <c>parse(./parse.js)</c> in <c>.fbp</c>, the way a subgraph is named by its file), or from a node's own settings
/// for a component whose ports depend on them (<c>script/javascript</c> with its source in the node's metadata).
/// Added with <see cref="ComponentRegistry.AddProvider"/>; the script runtimes are providers.
/// </summary>
/// <remarks>
/// <para>A name is tried as a registered component, a registered graph, a name in <see cref="ConfiguredComponents"/>, a
/// file with one of <see cref="FileExtensions"/>, and a graph file, in that order. A file is made into a component
/// once per load and path; a configured name once per node.</para>
/// <para>A provider reports a file or settings it cannot use by throwing <see cref="ComponentDefinitionException"/>
/// (or <see cref="IOException"/>) with a message that says where and what was expected (a script's file and line):
/// the load reports it as a problem of the node, with the graph's location.</para>
/// </remarks>
public abstract class ComponentProvider
{
    /// <summary>The file name endings (with the dot, such as <c>.js</c>) of files this provider makes components of.</summary>
    public virtual IReadOnlyList<string> FileExtensions => [];

    /// <summary>
    /// Component names whose ports and behaviour come from the node's settings (<c>script/javascript</c>), each with
    /// the description <c>reflow components</c> shows for it (its ports are the node's, so it lists none).
    /// </summary>
    public virtual IReadOnlyList<ComponentDescription> ConfiguredComponents => [];

    /// <summary>Makes the component for the file at <paramref name="path"/> (a full path that exists).</summary>
    /// <param name="path">The file's full path.</param>
    /// <exception cref="ComponentDefinitionException">The file cannot be a component; the message says where and why.</exception>
    public virtual Component CreateFromFile(string path) =>
        throw new NotSupportedException($"{GetType().Name} makes no components from files.");

    /// <summary>
    /// Makes the component of one node that names <paramref name="name"/> (one of <see cref="ConfiguredComponents"/>),
    /// from the node's settings (its metadata, with what it inherits).
    /// </summary>
    /// <param name="name">The component name the node uses.</param>
    /// <param name="settings">The node's metadata, as written in its graph.</param>
    /// <param name="baseDirectory">The directory of the graph file the node is written in (relative file settings start there); null for the current directory.</param>
    /// <exception cref="ComponentDefinitionException">The settings do not make a component; the message says which and why.</exception>
    public virtual Component CreateForNode(string name, GraphMetadata settings, string? baseDirectory) =>
        throw new NotSupportedException($"{GetType().Name} makes no configured components.");
}
