using System.Globalization;
using Reflow.Actors;
using Reflow.Configuration;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Scripting;

/// <summary>
/// The host's side of one script node, shared by <see cref="ScriptActor"/> and <see cref="ScriptBatchActor"/>: the
/// node's grant and limits read from its settings, and the engine's start and stop.
/// </summary>
internal sealed class ScriptNode(ScriptRuntime runtime, ScriptSource source, ScriptDeclaration declaration, ScriptingOptions options)
{
    /// <summary>The metadata key of a node's own grant (read by the core's loader too).</summary>
    public const string PermissionsKey = "permissions";

    private ScriptEngine? _engine;
    private ScriptContext? _context;
    private Exception? _startFailure;

    /// <summary>The running engine; a node whose start failed fails each call with the start's reason (the failure is counted per message).</summary>
    public ScriptEngine Engine => _engine ?? throw NotStarted();

    public ScriptContext Context => _context ?? throw NotStarted();

    /// <summary>Whether the engine is running (a failed start leaves it not).</summary>
    public bool Started => _engine is not null;

    public void Start(ActorContext actor)
    {
        try
        {
            StartEngine(actor);
        }
        catch (Exception ex)
        {
            _startFailure = ex;
            Stop();
            throw;
        }
    }

    private void StartEngine(ActorContext actor)
    {
        // A node with a grant of its own (its permissions setting, which the loader gave it) uses it; any other
        // script gets its runtime's grant, not the network's: see ScriptingOptions.Permissions.
        PermissionSet permissions = actor.Configuration.Values.TryGetValue(PermissionsKey, out _) ? actor.Permissions : options.Permissions;
        _context = new ScriptContext(actor, source, declaration, permissions, LimitsOf(actor.Configuration, options.Limits));
        _engine = runtime.CreateEngine(source, declaration);
        _engine.Start(_context); // a throw here is a failed start: Start disposes the engine
    }

    public void Stop()
    {
        ScriptEngine? engine = _engine;
        if (engine is null)
        {
            return;
        }

        _engine = null;
        try
        {
            if (_startFailure is null)
            {
                engine.Stop(_context!);
            }
        }
        finally
        {
            engine.Dispose();
        }
    }

    private InvalidOperationException NotStarted() => new(_startFailure is null
        ? $"The script {source.DisplayName} has not started."
        : $"The script {source.DisplayName} did not start: {_startFailure.Message}", _startFailure);

    /// <summary>The runtime's limits with the node's settings over them.</summary>
    /// <exception cref="ActorConfigurationException">A limit setting is not a duration, size or count.</exception>
    internal static ScriptLimits LimitsOf(ActorConfiguration configuration, ScriptLimits limits)
    {
        if (configuration.TryGetValue("timeout", out Message timeout))
        {
            limits = limits with { Timeout = Duration(configuration, timeout) };
        }

        if (configuration.TryGetValue("memory_limit", out Message memory))
        {
            limits = limits with
            {
                MemoryBytes = memory.Kind == MessageKind.Integer && memory.AsInteger() > 0 ? memory.AsInteger()
                    : memory.Kind == MessageKind.String && ReflowConfiguration.TryParseSize(memory.AsString(), out long bytes) ? bytes
                    : throw Invalid(configuration, "memory_limit", memory, "a size such as \"256MB\" or a number of bytes"),
            };
        }

        if (configuration.TryGetValue("max_statements", out Message statements))
        {
            limits = limits with { MaxStatements = Count(configuration, "max_statements", statements) };
        }

        if (configuration.TryGetValue("max_recursion", out Message recursion))
        {
            long depth = Count(configuration, "max_recursion", recursion);
            limits = limits with { MaxRecursion = depth <= int.MaxValue ? (int)depth : throw Invalid(configuration, "max_recursion", recursion, "a count up to 2147483647") };
        }

        return limits;
    }

    // A number, or a string of digits (what a .fbp setting `timeout=200` gives), is milliseconds.
    private static TimeSpan Duration(ActorConfiguration configuration, Message value) =>
        value.Kind == MessageKind.Integer && value.AsInteger() > 0 ? TimeSpan.FromMilliseconds(value.AsInteger())
        : value.Kind == MessageKind.String && long.TryParse(value.AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
        : value.Kind == MessageKind.String && ReflowConfiguration.TryParseDuration(value.AsString(), out TimeSpan duration) && duration > TimeSpan.Zero ? duration
        : throw Invalid(configuration, "timeout", value, "a duration such as \"5s\" or a number of milliseconds");

    private static long Count(ActorConfiguration configuration, string key, Message value) =>
        value.Kind == MessageKind.Integer && value.AsInteger() > 0 ? value.AsInteger()
        : value.Kind == MessageKind.String && long.TryParse(value.AsString(), out long count) && count > 0 ? count
        : throw Invalid(configuration, key, value, "a positive count");

    private static ActorConfigurationException Invalid(ActorConfiguration configuration, string key, Message value, string expected) =>
        new(configuration.NodeId, [$"setting '{key}' must be {expected}, not {value}"]);
}
