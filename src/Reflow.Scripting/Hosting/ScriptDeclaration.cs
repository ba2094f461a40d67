using Reflow.Actors;

namespace Reflow.Scripting;

/// <summary>
/// What a script says about itself (the original's <c>actorMetadata</c>): its name, description, ports with their
/// types, and the JSON schema of its configuration; and whether it takes messages in batches.
/// </summary>
/// <param name="Name">The component name <c>reflow components</c> and errors show (<c>parse</c>).</param>
/// <param name="Description">One line on what it does.</param>
/// <param name="InPorts">Its in-ports.</param>
/// <param name="OutPorts">Its out-ports (an <c>error</c> port receives its failures, as for any component).</param>
/// <param name="ConfigurationSchema">The JSON schema of its settings, or null.</param>
public sealed record ScriptDeclaration(
    string Name,
    string Description,
    IReadOnlyList<PortDefinition> InPorts,
    IReadOnlyList<PortDefinition> OutPorts,
    string? ConfigurationSchema = null)
{
    /// <summary>Whether the script handles runs of messages in one call (<c>processBatch</c>): see <see cref="ScriptEngine.ProcessBatch"/>.</summary>
    public bool Batch { get; init; }

    /// <summary>The most messages one batch call gets, when <see cref="Batch"/>.</summary>
    public int MaxBatchSize { get; init; } = BatchActor.DefaultMaxBatchSize;
}
