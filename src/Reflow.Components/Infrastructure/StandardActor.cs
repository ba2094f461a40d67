using Reflow.Actors;
using Reflow.Components.Expressions;
using Reflow.Messages;

namespace Reflow.Components.Infrastructure;

/// <summary>
/// The base of the standard components: checks the node's configuration against the component's schema before
/// <see cref="Start"/>, and gives every component one way to report bad input (<see cref="Fail"/>).
/// </summary>
/// <remarks>
/// A node whose configuration is wrong, or whose start needs a permission it lacks, fails at start (the runtime counts
/// and reports it, and sends it to the node's <c>error</c> port when connected); every message it receives afterwards
/// is reported the same way instead of being handled by a half-configured actor, so nothing it was sent disappears.
/// </remarks>
internal abstract class StandardActor : Actor
{
    private string? _notConfigured;
    private OutPort _error;
    private bool _hasErrorPort;

    /// <inheritdoc/>
    public sealed override void OnStart(ActorContext context)
    {
        int error = context.Component.IndexOfOutPort("error");
        _hasErrorPort = error >= 0;
        _error = new OutPort(Math.Max(error, 0));
        try
        {
            ConfigurationSchema.Validate(context);
            Start(context);
        }
        catch (Exception ex) when (ex is ActorConfigurationException or ArgumentException or FormatException or Permissions.PermissionDeniedException)
        {
            _notConfigured = ex.Message;
            throw;
        }
    }

    /// <inheritdoc/>
    public sealed override void Receive(ActorContext context)
    {
        if (_notConfigured is not null)
        {
            Fail(context, $"the node is not configured, so its input is not handled: {_notConfigured}");
            return;
        }

        Handle(context);
    }

    /// <summary>Reads the configuration (already checked against the schema) and resolves out-ports. May emit.</summary>
    protected virtual void Start(ActorContext context)
    {
    }

    /// <summary>Handles one input (see <see cref="Actor.Receive"/>).</summary>
    protected abstract void Handle(ActorContext context);

    /// <summary>
    /// Reports bad input: an Error message on the component's <c>error</c> out-port ("component (node): what"), or,
    /// for a component without one, an exception the runtime counts, reports and routes.
    /// </summary>
    /// <exception cref="ComponentInputException">The component has no <c>error</c> port.</exception>
    protected void Fail(ActorContext context, string what)
    {
        string text = $"{context.Component.Name} ({context.NodeId}): {what}";
        if (!_hasErrorPort)
        {
            throw new ComponentInputException(text);
        }

        context.Emit(_error, Message.Error(text));
    }

    /// <summary>Parses the expression in configuration entry <paramref name="key"/> (or <paramref name="fallback"/> when absent).</summary>
    /// <exception cref="ActorConfigurationException">The entry is missing with no fallback, or the expression is wrong.</exception>
    protected static MessageExpression ParseExpression(ActorContext context, string key, string? fallback, params string[] variables)
    {
        string text = context.Configuration.GetString(key, fallback ?? "");
        try
        {
            return MessageExpression.Parse(text, variables);
        }
        catch (ExpressionException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration '{key}': {ex.Message}"]);
        }
    }

    /// <summary>An Integer configuration entry that fits an int (its range is checked by the schema).</summary>
    protected static int GetInt32(ActorContext context, string key, int defaultValue) =>
        (int)Math.Clamp(context.Configuration.GetInteger(key, defaultValue), int.MinValue, int.MaxValue);

    /// <summary>A duration in milliseconds from configuration entry <paramref name="key"/>.</summary>
    protected static TimeSpan GetMilliseconds(ActorContext context, string key, double defaultValue) =>
        TimeSpan.FromMilliseconds(context.Configuration.GetFloat(key, defaultValue));

    /// <summary>The current message's text; a message of another kind is reported and false returned.</summary>
    protected bool TryGetText(ActorContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        if (context.Message.TryGetString(out text))
        {
            return true;
        }

        FailType(context, "a String", context.Message);
        return false;
    }

    /// <summary>Evaluates <paramref name="expression"/> (its variables already set); a failure is reported and false returned.</summary>
    protected bool TryEvaluate(ActorContext context, MessageExpression expression, out Message result, string? detail = null)
    {
        try
        {
            result = expression.Evaluate();
            return true;
        }
        catch (ExpressionException ex)
        {
            result = default;
            Fail(context, $"{ex.Message}, for {context.Message}{detail}");
            return false;
        }
    }

    /// <summary>"the in-port 'x' expects T, got …": the usual wrong-type report.</summary>
    protected void FailType(ActorContext context, string expected, in Message got) =>
        Fail(context, $"in-port '{context.InPortName}' expects {expected}, got {got}");
}
