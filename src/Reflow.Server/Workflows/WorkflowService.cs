using System.Diagnostics;
using System.Net;
using Reflow.Networks;
using Reflow.Server.Runtime;

namespace Reflow.Server.Workflows;

/// <summary>
/// The executions of the workflow API: accepts them (checked first: <see cref="WorkflowRequest.Parse"/>), runs at most
/// <see cref="WorkflowSettings.MaxRunning"/> at once on the server's components and network options (the same as
/// protocol runs), queues up to <see cref="WorkflowSettings.MaxQueued"/> more, and keeps the last
/// <see cref="WorkflowSettings.MaxKeptFinished"/> finished ones for status queries. All bookkeeping under one lock.
/// </summary>
internal sealed class WorkflowService : IDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly RuntimeState _runtime;
    private readonly Action<string> _log;
    private readonly Dictionary<string, WorkflowExecution> _executions = new(StringComparer.Ordinal);
    private readonly Queue<WorkflowExecution> _queued = new();
    private readonly Queue<string> _finished = new();
    private readonly List<Task> _runs = [];
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private int _running;
    private bool _disposed;

    public WorkflowService(RuntimeState runtime, WorkflowSettings settings, Action<string> log)
    {
        _runtime = runtime;
        Settings = settings;
        _log = log;
        // Redirects are not followed: a receiver could otherwise send webhooks on to a host the net permission refuses.
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = settings.WebhookTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each POST has its own (WebhookSender)
        };
    }

    public WorkflowSettings Settings { get; }

    /// <summary>The secret requests must carry, or null.</summary>
    public string? Secret => _runtime.Settings.Secret;

    /// <summary>Reads and checks a request against the server's components and permissions.</summary>
    /// <exception cref="WorkflowRequestException">It cannot be taken.</exception>
    public async Task<WorkflowRequest> ParseAsync(System.Text.Json.Nodes.JsonNode? root, string where, CancellationToken cancellationToken)
    {
        NetworkOptions options = _runtime.Settings.NetworkOptions;
        // The component registry is shared with the protocol handlers, which change it (component:source) only under
        // the runtime's gate.
        await _runtime.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return WorkflowRequest.Parse(root, where, _runtime.Components, options.Permissions);
        }
        finally
        {
            _runtime.Gate.Release();
        }
    }

    /// <summary>Accepts an execution: it runs now if a slot is free, else waits as Queued.</summary>
    /// <exception cref="WorkflowRequestException">The id is in use (409), the queue is full or the server stops (503).</exception>
    public WorkflowExecution Submit(WorkflowRequest request)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                throw new WorkflowRequestException("The server is stopping: no new executions.", (int)HttpStatusCode.ServiceUnavailable);
            }

            string id = request.ExecutionId ?? Guid.NewGuid().ToString();
            if (_executions.TryGetValue(id, out WorkflowExecution? existing))
            {
                throw new WorkflowRequestException(
                    $"metadata.execution_id \"{id}\" is in use by an execution of this server ({existing.Status}): give another, or none for a fresh one.",
                    (int)HttpStatusCode.Conflict);
            }

            bool runNow = _running < Settings.MaxRunning;
            if (!runNow && _queued.Count(e => e.Status == WorkflowStatus.Queued) >= Settings.MaxQueued)
            {
                throw new WorkflowRequestException(
                    $"{Settings.MaxRunning} executions run and {Settings.MaxQueued} wait already (the server's limits): try again later.",
                    (int)HttpStatusCode.ServiceUnavailable);
            }

            WebhookSender? webhooks = request.WebhookUrl is null && request.TraceWebhookUrl is null
                ? null
                : new WebhookSender(_http, Settings, request.WebhookHeaders, _log, _stopping.Token);
            var execution = new WorkflowExecution(id, request, Settings, _runtime.Settings.NetworkOptions, webhooks, _log);
            _executions[id] = execution;
            if (runNow)
            {
                Start(execution);
            }
            else
            {
                _queued.Enqueue(execution);
            }

            _log($"workflow {id} ({request.WorkflowId}) accepted{(runNow ? "" : ", queued")}");
            AssertInvariants();
            return execution;
        }
    }

    public WorkflowExecution? Find(string id)
    {
        lock (_lock)
        {
            return _executions.GetValueOrDefault(id);
        }
    }

    /// <summary>Cancels an execution (see <see cref="WorkflowExecution.Cancel"/>); a queued one is finished at once.</summary>
    public (bool Cancelled, WorkflowStatus Was) Cancel(WorkflowExecution execution)
    {
        (bool cancelled, WorkflowStatus was) = execution.Cancel();
        if (cancelled && was == WorkflowStatus.Queued)
        {
            lock (_lock)
            {
                Retire(execution);
                foreach (WorkflowExecution waiting in _queued.ToArray())
                {
                    _queued.Dequeue();
                    if (!ReferenceEquals(waiting, execution))
                    {
                        _queued.Enqueue(waiting);
                    }
                }
            }
        }

        return (cancelled, was);
    }

    /// <summary>Stops every run (without draining) and waits a little for them; webhooks still queued are not sent.</summary>
    public void Dispose()
    {
        Task[] runs;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            runs = [.. _runs];
        }

        _stopping.Cancel();
        try
        {
            // Runs end within milliseconds of an undrained stop; a stuck node's stop does not hold the server.
            Task.WhenAll(runs).Wait(StopPatience);
        }
        catch (AggregateException ex)
        {
            _log($"stopping workflow runs: {ex.InnerException?.Message}");
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private void Start(WorkflowExecution execution)
    {
        _running++;
        Task run = Task.Run(() => RunAsync(execution), CancellationToken.None);
        _runs.Add(run);
    }

    private async Task RunAsync(WorkflowExecution execution)
    {
        try
        {
            await execution.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a fault in one run must not take the others' slots with it: reported, the slot freed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _log($"workflow {execution.Id} failed inside the server: {ex}");
        }
        finally
        {
            lock (_lock)
            {
                _running--;
                _runs.RemoveAll(t => t.IsCompleted);
                Retire(execution);
                while (!_disposed && _running < Settings.MaxRunning && _queued.TryDequeue(out WorkflowExecution? next))
                {
                    if (next.Status == WorkflowStatus.Queued)
                    {
                        Start(next);
                    }
                }
            }
        }
    }

    /// <summary>Counts a finished execution among the kept ones (once), forgetting the oldest past the limit. Under <see cref="_lock"/>.</summary>
    private void Retire(WorkflowExecution execution)
    {
        if (execution.Retired)
        {
            return; // cancelled while queued as its slot came free: retired by the cancel
        }

        execution.Retired = true;
        _finished.Enqueue(execution.Id);
        while (_finished.Count > Settings.MaxKeptFinished && _finished.TryDequeue(out string? oldest))
        {
            _executions.Remove(oldest);
        }

        AssertInvariants();
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_running >= 0 && _running <= Settings.MaxRunning, $"{_running} runs counted; between 0 and {Settings.MaxRunning} may be");
        Debug.Assert(_finished.Count <= Settings.MaxKeptFinished, $"{_finished.Count} finished kept, past the limit of {Settings.MaxKeptFinished}");
        Debug.Assert(_finished.All(_executions.ContainsKey), "a kept finished execution is missing from the executions");
    }
}
