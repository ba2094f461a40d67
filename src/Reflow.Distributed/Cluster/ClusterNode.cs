using System.Collections.Concurrent;
using System.Reflection;
using NATS.Client.Core;
using Reflow.Distributed.Protocol;

namespace Reflow.Distributed.Cluster;

/// <summary>
/// A member of a Reflow cluster (what <c>reflow node</c> runs): joins through NATS, advertises itself in the membership
/// bucket with a heartbeat, and runs the parts of distributed runs that coordinators place on it until cancelled; then
/// stops its parts and leaves.
/// </summary>
/// <example>
/// <code>
/// await using var node = new ClusterNode(new ClusterNodeOptions
/// {
///     Name = "a",
///     Connection = new ClusterConnectionOptions { Url = "nats://10.0.0.5:4222", CredentialsFile = "a.creds" },
///     CreateNetwork = (graph, baseDirectory) => options.CreateNetwork(GraphNetworkLoader.Load(graph, registry)),
/// });
/// await node.RunAsync(stopping);
/// </code>
/// </example>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ClusterNodeOptions _options;
    private readonly ConcurrentDictionary<string, PartRun> _parts = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    /// <summary>Creates a node; nothing connects before <see cref="RunAsync"/>.</summary>
    /// <exception cref="ArgumentException">The name is not letters, digits, <c>-</c> and <c>_</c> (at most 64).</exception>
    public ClusterNode(ClusterNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ClusterSubjects.IsValidName(options.Name))
        {
            throw new ArgumentException($"Node name '{options.Name}': use 1 to 64 letters, digits, '-' and '_' (it becomes a NATS subject token and a key).", nameof(options));
        }

        _options = options;
    }

    /// <summary>The node's name.</summary>
    public string Name => _options.Name;

    /// <summary>Completes once the node is in the cluster (its first heartbeat written, its control subject subscribed).</summary>
    public Task Joined => _joined.Task;

    /// <summary>
    /// Joins the cluster and serves until <paramref name="cancellationToken"/> is cancelled; then stops its parts
    /// without draining and leaves.
    /// </summary>
    /// <exception cref="ClusterException">The servers cannot be reached or refuse the credentials, they have no JetStream, or a live node has this name.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ServeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _joined.TrySetException(ex);
            throw;
        }
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        await using NatsConnection connection = await ClusterConnections.ConnectAsync(_options.Connection, "reflow-node-" + Name, $"Node '{Name}'").ConfigureAwait(false);
        ClusterMembership membership;
        try
        {
            membership = await ClusterMembership.OpenAsync(connection, _options.MemberTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new ClusterException($"Node '{Name}' cannot join: {ex.Message}", ex);
        }

        await ClaimNameAsync(membership, cancellationToken).ConfigureAwait(false);
        await using INatsSub<byte[]> control = await connection.SubscribeCoreAsync<byte[]>(ClusterSubjects.NodeControl(Name), cancellationToken: cancellationToken).ConfigureAwait(false);
        await membership.PutAsync(Record(), cancellationToken).ConfigureAwait(false);
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task heartbeat = HeartbeatAsync(membership, serving.Token);
        Task watch = WatchCoordinatorsAsync(serving.Token);
        Raise(ClusterEventKind.NodeJoined, null, $"joined the cluster at {_options.Connection.Url}{(_options.Connection.UsesTls ? " (TLS)" : "")}");
        _joined.TrySetResult();
        try
        {
            await foreach (NatsMsg<byte[]> request in control.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                _ = HandleAsync(connection, request, serving.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to leave.
        }
        finally
        {
            await serving.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(heartbeat, watch).ConfigureAwait(false);
            foreach (PartRun part in _parts.Values)
            {
                await part.StopAsync(drain: false).ConfigureAwait(false);
                await part.DisposeAsync().ConfigureAwait(false);
            }

            _parts.Clear();
            try
            {
                using var leaving = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await membership.LeaveAsync(Name, leaving.Token).ConfigureAwait(false);
                Raise(ClusterEventKind.NodeLeft, null, "left the cluster");
            }
            catch (Exception ex) when (ex is NatsException or OperationCanceledException)
            {
                Raise(ClusterEventKind.Warning, null, $"could not remove its membership entry ({ex.Message}); it expires in {_options.MemberTimeout.TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>
    /// A key for this name that is still being rewritten means another live node has the name: refused. A key that stops
    /// changing is a node that died (its entry expires within the member timeout): waited out.
    /// </summary>
    private async Task ClaimNameAsync(ClusterMembership membership, CancellationToken cancellationToken)
    {
        ulong? first = await membership.RevisionAsync(Name, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return;
        }

        Raise(ClusterEventKind.Warning, null, $"a node named '{Name}' was in the cluster; waiting up to {_options.MemberTimeout.TotalSeconds:0.#} s to see whether it is alive");
        DateTime deadline = DateTime.UtcNow + _options.MemberTimeout + _options.HeartbeatInterval;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            ulong? now = await membership.RevisionAsync(Name, cancellationToken).ConfigureAwait(false);
            if (now is null)
            {
                return;
            }

            if (now != first)
            {
                throw new ClusterException($"Node '{Name}' cannot join: a live node already has that name (its heartbeat is current). Give this one another --name.");
            }
        }
    }

    private async Task HeartbeatAsync(ClusterMembership membership, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await membership.PutAsync(Record(), cancellationToken).ConfigureAwait(false);
                }
                catch (NatsException ex)
                {
                    Raise(ClusterEventKind.Warning, null, $"heartbeat not written ({ex.Message}); retrying");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Leaving.
        }
    }

    /// <summary>Stops and forgets parts whose coordinator fell silent, and parts long finished that nobody released.</summary>
    private async Task WatchCoordinatorsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (PartRun part in _parts.Values)
                {
                    if (Environment.TickCount64 - part.LastHeardTicks > (long)_options.CoordinatorTimeout.TotalMilliseconds
                        && _parts.TryRemove(part.Key, out _))
                    {
                        Raise(ClusterEventKind.PartFailed, part.RunId, $"the coordinator has been silent for {_options.CoordinatorTimeout.TotalSeconds:0.#} s: part stopped and forgotten");
                        await part.StopAsync(drain: false).ConfigureAwait(false);
                        await part.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Leaving.
        }
    }

    private async Task HandleAsync(NatsConnection connection, NatsMsg<byte[]> message, CancellationToken cancellationToken)
    {
        ControlReply reply;
        try
        {
            ControlRequest request = ClusterJson.Read<ControlRequest>(message.Data, $"node '{Name}': a control request");
            reply = await DispatchAsync(connection, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            reply = new ControlReply(false, ex.Message);
        }

        try
        {
            await message.ReplyAsync(ClusterJson.Write(reply), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            // The coordinator times the request out and says so.
        }
    }

    private async Task<ControlReply> DispatchAsync(NatsConnection connection, ControlRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == ControlRequest.Prepare)
        {
            var part = new PartRun(connection, Name, request, (kind, text) => Raise(kind, request.RunId, $"part {request.Part}: {text}")) { AcceptScripts = _options.AcceptScripts };
            if (!_parts.TryAdd(part.Key, part))
            {
                return new ControlReply(false, $"node '{Name}' already has part {request.Part} of run {request.RunId}.");
            }

            try
            {
                await part.PrepareAsync(_options.CreateNetwork, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _parts.TryRemove(part.Key, out _);
                await part.DisposeAsync().ConfigureAwait(false);
                Raise(ClusterEventKind.PartFailed, request.RunId, "the part did not build: " + ex.Message);
                return new ControlReply(false, $"node '{Name}': the part did not build: {ex.Message}");
            }

            Raise(ClusterEventKind.PartPrepared, request.RunId, $"part built, {request.Edges?.Count ?? 0} remote edges");
            return new ControlReply(true, Status: part.Status);
        }

        if (!_parts.TryGetValue(PartRun.KeyOf(request), out PartRun? run))
        {
            return request.Kind == ControlRequest.Release
                ? new ControlReply(true)
                : new ControlReply(false, $"node '{Name}' has no part {request.Part} of run {request.RunId} (never prepared, released, or the node restarted).");
        }

        run.LastHeardTicks = Environment.TickCount64;
        switch (request.Kind)
        {
            case ControlRequest.Start:
                run.Start();
                return new ControlReply(true, Status: run.Status);
            case ControlRequest.Stop:
                _ = run.StopAsync(request.Drain);
                return new ControlReply(true, Status: run.Status);
            case ControlRequest.Abandon:
                run.Abandon(request.EdgeIds ?? [], request.Reason ?? "the other end is gone");
                return new ControlReply(true, Status: run.Status);
            case ControlRequest.Status:
                return new ControlReply(true, Status: run.Status);
            case ControlRequest.Release:
                if (_parts.TryRemove(run.Key, out _))
                {
                    await run.StopAsync(drain: false).ConfigureAwait(false);
                    await run.DisposeAsync().ConfigureAwait(false);
                }

                return new ControlReply(true);
            default:
                return new ControlReply(false, $"node '{Name}': unknown request '{request.Kind}' (expected prepare, start, stop, abandon, status or release).");
        }
    }

    private NodeRecord Record() => new(
        Name,
        Environment.MachineName,
        Environment.ProcessId,
        _started,
        _options.Labels,
        _parts.Count,
        typeof(ClusterNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    private void Raise(ClusterEventKind kind, string? runId, string message) =>
        _options.OnEvent?.Invoke(new ClusterEvent(DateTimeOffset.UtcNow, kind, Name, runId, message));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (PartRun part in _parts.Values)
        {
            await part.DisposeAsync().ConfigureAwait(false);
        }

        _parts.Clear();
    }
}
