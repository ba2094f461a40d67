namespace Reflow.Networks;

// Live edits: reconciling a network with a new definition before or while it runs (issue 21).
public sealed partial class Network
{
    private readonly SemaphoreSlim _updates = new(1, 1);

    /// <summary>
    /// Reconciles this network with <paramref name="definition"/>, matching nodes by <see cref="Actors.NodeDefinition.Id"/> and
    /// edges by <see cref="EdgeDefinition.Id"/>, before or while it runs.
    /// </summary>
    /// <remarks>See the semantics documented on the implementation (Network.Update.cs).</remarks>
    /// <exception cref="ArgumentException">The exported ports differ: that needs a stop and a restart. Nothing was applied.</exception>
    /// <exception cref="InvalidOperationException">The network has finished.</exception>
    public async Task<NetworkUpdate> UpdateAsync(NetworkDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await _updates.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            throw new NotSupportedException("Network.UpdateAsync is being written.");
        }
        finally
        {
            _updates.Release();
        }
    }
}
