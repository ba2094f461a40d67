using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Reflow.Networks;
using CoreNetwork = Reflow.Networks.Network;

namespace Reflow.Server.Workflows;

/// <summary>
/// One execution of the workflow API: its status, its events (kept for late subscribers and sent to subscribers and
/// webhooks as they happen), its outputs and, while it runs, its network. Thread-safety: status, events and outputs
/// change under <see cref="_lock"/>; the run itself (<see cref="RunAsync"/>) is one task.
/// </summary>
/// <remarks>
/// Event order: <c>Started</c> is published before the network starts; the network's own events follow in the order
/// its event stream gives them; the one terminal event (<c>Completed</c>, <c>Failed</c> or <c>Cancelled</c>) comes
/// last, after that stream has ended. A subscriber gets every kept event first, then the live ones, so one that
/// subscribes late (after <c>start_workflow</c> answered, or after the end) still sees <c>Started</c> … the end.
/// </remarks>
internal sealed partial class WorkflowExecution
{
    /// <summary>Events a subscriber may fall behind before its oldest are dropped (a slow client must not hold the run).</summary>
    private const int SubscriberCapacity = 4096;

    private readonly Lock _lock = new();
    private readonly WorkflowSettings _settings;
    private readonly NetworkOptions _options;
    private readonly WebhookSender? _webhooks;
    private readonly Action<string> _log;
    private readonly List<WorkflowEvent> _events = [];
    private readonly List<Channel<WorkflowEvent>> _subscribers = [];
    private readonly Dictionary<string, List<JsonNode?>> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _outputsNotKept = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancel = new();
    private WorkflowStatus _status = WorkflowStatus.Queued;
    private WorkflowEvent? _terminal;
    private long _eventsNotKept;
    private CoreNetwork? _network;
    private NetworkRunResult? _result;
    private bool _cancelRequested;

    public WorkflowExecution(string id, WorkflowRequest request, WorkflowSettings settings, NetworkOptions options, WebhookSender? webhooks, Action<string> log)
    {
        Id = id;
        Request = request;
        _settings = settings;
        _options = options;
        _webhooks = webhooks;
        _log = log;
        foreach (ExportedPortDefinition port in request.Definition.OutPorts)
        {
            _outputs[port.Name] = [];
        }
    }

    public string Id { get; }

    public WorkflowRequest Request { get; }

    public string WorkflowId => Request.WorkflowId;

    /// <summary>Counted among the finished ones the service keeps (read and set only under the service's lock).</summary>
    public bool Retired { get; set; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public WorkflowStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Completes once the terminal event is out.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Every kept event, then the live ones; the reader completes after the terminal event.</summary>
    public ChannelReader<WorkflowEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<WorkflowEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        lock (_lock)
        {
            foreach (WorkflowEvent e in _events)
            {
                channel.Writer.TryWrite(e);
            }

            if (_terminal is not null)
            {
                if (!_events.Contains(_terminal))
                {
                    channel.Writer.TryWrite(_terminal); // the end is always told, even past the kept events
                }

                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }
        }

        return channel.Reader;
    }

    /// <summary>Stops following a subscription (the client went away).</summary>
    public void Unsubscribe(ChannelReader<WorkflowEvent> reader)
    {
        lock (_lock)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    /// <summary>
    /// Cancels: a queued execution ends at once, a running one's network is stopped without draining (what it had not
    /// handled goes to its dead letters, counted in the statistics). The status it had, and whether it was cancelled
    /// (false: it had finished already).
    /// </summary>
    public (bool Cancelled, WorkflowStatus Was) Cancel()
    {
        CoreNetwork? network;
        WorkflowStatus was;
        lock (_lock)
        {
            was = _status;
            if (was is not (WorkflowStatus.Queued or WorkflowStatus.Running) || _cancelRequested)
            {
                return (was is WorkflowStatus.Queued or WorkflowStatus.Running, was); // a second cancel of a running one: already under way
            }

            _cancelRequested = true;
            network = _network;
            if (was == WorkflowStatus.Queued)
            {
                _status = WorkflowStatus.Cancelled; // under the lock: a RunAsync starting now sees it and does not run
            }
        }

        _cancel.Cancel();
        if (was == WorkflowStatus.Queued)
        {
            Finish(WorkflowStatus.Cancelled, null, null);
        }
        else if (network is not null)
        {
            _ = network.StopAsync(drain: false); // RunAsync sees the end and reports Cancelled
        }

        return (true, was);
    }

    /// <summary>The original's <c>ExecutionState</c> (<c>id</c>, <c>status</c>, <c>result</c>) with this server's statistics added.</summary>
    public JsonObject ToStatusJson()
    {
        lock (_lock)
        {
            var state = new JsonObject
            {
                ["id"] = Id,
                ["status"] = _status.ToString(),
                ["workflow_id"] = WorkflowId,
                ["source"] = Request.Source,
                ["created_at"] = Time(CreatedAt),
                ["started_at"] = StartedAt is { } s ? Time(s) : null,
                ["ended_at"] = EndedAt is { } e ? Time(e) : null,
                ["result"] = _terminal is null ? null : ResultJson(),
                ["statistics"] = StatisticsJson(),
            };
            return state;
        }
    }

    /// <summary>The outputs by exported out-port, as kept so far.</summary>
    private JsonObject OutputsJson()
    {
        var outputs = new JsonObject();
        foreach ((string port, List<JsonNode?> values) in _outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            outputs[port] = new JsonArray([.. values.Select(v => v?.DeepClone())]);
        }

        return outputs;
    }

    /// <summary>The original's <c>WorkflowExecutionResponse</c>.</summary>
    private JsonObject ResultJson() => new()
    {
        ["success"] = _status == WorkflowStatus.Completed,
        ["execution_id"] = Id,
        ["start_time"] = StartedAt is { } s ? Time(s) : null,
        ["end_time"] = EndedAt is { } e ? Time(e) : null,
        ["results"] = OutputsJson(),
        ["errors"] = _errors.Count == 0 ? null : new JsonArray([.. _errors.Select(x => (JsonNode?)x)]),
        ["trace_session_id"] = null,
    };

    private JsonObject StatisticsJson()
    {
        var statistics = new JsonObject();
        var nodes = new JsonObject();
        if (_result is { } result)
        {
            statistics["duration_ms"] = Math.Round(result.Elapsed.TotalMilliseconds, 3);
            statistics["messages"] = result.Messages;
            statistics["errors"] = result.Errors;
            statistics["failures"] = result.FailureCount;
            statistics["dead_letters"] = result.DeadLetters;
            foreach (NodeStatistics node in result.Nodes)
            {
                nodes[node.Id] = Node(node.State.ToString(), node.Invocations, node.Errors, node.Failures, node.Dropped);
            }
        }
        else if (_network is { } network)
        {
            NetworkSnapshot snapshot = network.GetSnapshot(); // cheap, lock-free counters (see Network.GetSnapshot)
            statistics["duration_ms"] = Math.Round(snapshot.Elapsed.TotalMilliseconds, 3);
            statistics["messages"] = snapshot.Edges.Sum(e => e.Messages);
            statistics["errors"] = snapshot.Nodes.Sum(n => n.Errors);
            statistics["failures"] = snapshot.Nodes.Sum(n => n.Failures);
            statistics["dead_letters"] = snapshot.DeadLetters;
            foreach (NodeSnapshot node in snapshot.Nodes)
            {
                nodes[node.Id] = Node(node.State.ToString(), node.Invocations, node.Errors, node.Failures, node.Dropped);
            }
        }

        statistics["nodes"] = nodes;
        statistics["outputs"] = new JsonObject([.. _outputs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)(p.Value.Count + _outputsNotKept.GetValueOrDefault(p.Key))))]);
        if (_outputsNotKept.Count > 0)
        {
            statistics["outputs_not_kept"] = new JsonObject([.. _outputsNotKept.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);
        }

        statistics["events"] = _events.Count + _eventsNotKept;
        if (_eventsNotKept > 0)
        {
            statistics["events_not_kept"] = _eventsNotKept;
        }

        if (_webhooks is not null)
        {
            statistics["webhooks"] = _webhooks.Statistics();
        }

        return statistics;

        static JsonObject Node(string state, long invocations, long errors, long failures, long dropped) => new()
        {
            ["state"] = state,
            ["invocations"] = invocations,
            ["errors"] = errors,
            ["failures"] = failures,
            ["dropped"] = dropped,
        };
    }

    /// <summary>Sends an event to the subscribers and webhooks and keeps it (a terminal one also ends the execution).</summary>
    private void Publish(WorkflowEvent e)
    {
        lock (_lock)
        {
            if (_terminal is not null)
            {
                return; // nothing follows the end
            }

            if (_events.Count < _settings.MaxEventsKept)
            {
                _events.Add(e);
            }
            else
            {
                _eventsNotKept++;
            }

            foreach (Channel<WorkflowEvent> subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(e);
            }

            if (_webhooks is not null)
            {
                // Queued under the lock, so webhooks get events in the order subscribers do. webhook_url hears of the
                // run's start, its actor failures and its end (the original posted only the end); the trace webhook
                // hears of everything.
                if (Request.WebhookUrl is { } hook && (e.Type is WorkflowEventType.Started or WorkflowEventType.ActorFailed || e.IsTerminal))
                {
                    _webhooks.Post(hook, e, trace: false);
                }

                if (Request.TraceWebhookUrl is { } trace)
                {
                    _webhooks.Post(trace, e, trace: true);
                }
            }

            if (e.IsTerminal)
            {
                _terminal = e;
                foreach (Channel<WorkflowEvent> subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }

                _subscribers.Clear();
                _webhooks?.Complete();
            }
        }
    }

    /// <summary>Ends the execution: its status, times and errors, then the terminal event.</summary>
    private void Finish(WorkflowStatus status, string? error, JsonNode? data)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            _status = status;
            EndedAt = now;
            _network = null;
        }

        WorkflowEventType type = status switch
        {
            WorkflowStatus.Completed => WorkflowEventType.Completed,
            WorkflowStatus.Cancelled => WorkflowEventType.Cancelled,
            _ => WorkflowEventType.Failed,
        };
        Publish(new WorkflowEvent(WorkflowId, Id, type, now, data, Error: type == WorkflowEventType.Failed ? error ?? "failed" : null));
        _finished.TrySetResult();
        _log($"workflow {Id} ({WorkflowId}): {status}{(error is null ? "" : ": " + error)}");
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
