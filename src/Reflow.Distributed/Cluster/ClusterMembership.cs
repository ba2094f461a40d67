using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Reflow.Distributed.Protocol;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// Membership and liveness on a JetStream key-value bucket: each node rewrites its own key every heartbeat; the bucket's
/// maximum age removes a key that is not rewritten, so a node that dies drops out within <see cref="Ttl"/> without
/// anyone comparing clocks across machines.
/// </summary>
internal sealed class ClusterMembership
{
    private readonly INatsKVStore _store;

    private ClusterMembership(INatsKVStore store, TimeSpan ttl)
    {
        _store = store;
        Ttl = ttl;
    }

    /// <summary>How long a key lives without a heartbeat.</summary>
    public TimeSpan Ttl { get; }

    public static async Task<ClusterMembership> OpenAsync(NatsConnection connection, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var kv = new NatsKVContext(new NatsJSContext(connection));
        INatsKVStore store;
        try
        {
            store = await kv.CreateOrUpdateStoreAsync(
                new NatsKVConfig(ClusterSubjects.MembersBucket)
                {
                    MaxAge = ttl,
                    History = 1,
                    Storage = NatsKVStorageType.Memory,
                    Description = "Reflow cluster nodes: one key per live node, rewritten every heartbeat",
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 503)
        {
            throw new InvalidOperationException(
                $"The NATS server at {connection.Opts.Url} has no JetStream (the membership bucket needs it): start it with -js (nats-server -js), or enable jetstream {{}} in its configuration.", ex);
        }
        catch (NatsNoRespondersException ex)
        {
            throw new InvalidOperationException(
                $"The NATS server at {connection.Opts.Url} has no JetStream (the membership bucket needs it): start it with -js (nats-server -js), or enable jetstream {{}} in its configuration.", ex);
        }

        return new ClusterMembership(store, ttl);
    }

    /// <summary>The live nodes, by name (ordinal order).</summary>
    public async Task<IReadOnlyList<NodeRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<NodeRecord>();
        try
        {
            await foreach (string key in _store.GetKeysAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                NatsResult<NatsKVEntry<byte[]>> entry = await _store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (entry.Success && entry.Value.Value is { Length: > 0 } data)
                {
                    nodes.Add(ClusterJson.Read<NodeRecord>(data, $"membership entry '{key}'"));
                }
            }
        }
        catch (NatsKVException)
        {
            // An empty bucket has no keys to list.
        }

        nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return nodes;
    }

    /// <summary>The revision of <paramref name="name"/>'s entry, or null when no live node has that name.</summary>
    public async Task<ulong?> RevisionAsync(string name, CancellationToken cancellationToken)
    {
        NatsResult<NatsKVEntry<byte[]>> entry = await _store.TryGetEntryAsync<byte[]>(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success ? entry.Value.Revision : null;
    }

    public async Task PutAsync(NodeRecord record, CancellationToken cancellationToken) =>
        await _store.PutAsync(record.Name, ClusterJson.Write(record), cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task LeaveAsync(string name, CancellationToken cancellationToken) =>
        await _store.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
}
