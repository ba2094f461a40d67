using Reflow.Actors;
using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Scripting;

/// <summary>
/// What a script engine sees of its node: identity, settings, grant, limits, and where its output goes. One per
/// node (a restart makes another); used on the node's pool thread only.
/// </summary>
public sealed class ScriptContext
{
    private readonly Dictionary<string, int> _outPorts;

    /// <summary>Creates the context of a node; the host makes it when the node starts.</summary>
    /// <param name="actor">The node's actor context.</param>
    /// <param name="source">The node's script.</param>
    /// <param name="declaration">What the script declared.</param>
    /// <param name="permissions">What the script may reach.</param>
    /// <param name="limits">What one call may take.</param>
    public ScriptContext(ActorContext actor, ScriptSource source, ScriptDeclaration declaration, PermissionSet permissions, ScriptLimits limits)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(limits);
        Actor = actor;
        Source = source;
        Declaration = declaration;
        Permissions = permissions;
        Limits = limits;
        _outPorts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < actor.Component.OutPorts.Length; i++)
        {
            _outPorts[actor.Component.OutPorts[i].Name] = i;
        }
    }

    /// <summary>The node's actor context (its current message, its in-port state, its clock).</summary>
    public ActorContext Actor { get; }

    /// <summary>The node's id in the network (<c>outer/parse</c>).</summary>
    public string NodeId => Actor.NodeId;

    /// <summary>The node's script.</summary>
    public ScriptSource Source { get; }

    /// <summary>What the script declared.</summary>
    public ScriptDeclaration Declaration { get; }

    /// <summary>The node's settings (its metadata, typed by the script's schema): the script's <c>config</c>.</summary>
    public MessageObject Configuration => Actor.Configuration.Values;

    /// <summary>What the script may reach: the node's own grant, else its runtime's (<see cref="ScriptingOptions.Permissions"/>).</summary>
    public PermissionSet Permissions { get; }

    /// <summary>What one call may take.</summary>
    public ScriptLimits Limits { get; }

    /// <summary>The index of out-port <paramref name="name"/>, or -1 when the script declared none of that name.</summary>
    public int OutPortIndex(string name) => _outPorts.GetValueOrDefault(name, -1);

    /// <summary>Sends <paramref name="message"/> on out-port <paramref name="outPort"/> (an index from <see cref="OutPortIndex"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The script has no such out-port.</exception>
    public void Emit(int outPort, in Message message) => Actor.Emit(new OutPort(outPort), message);

    /// <summary>Sends <paramref name="message"/> on out-port <paramref name="outPort"/>.</summary>
    /// <exception cref="ScriptException">The script declared no such out-port; the message lists the ones it did.</exception>
    public void Emit(string outPort, in Message message)
    {
        int index = OutPortIndex(outPort);
        if (index < 0)
        {
            ThrowUnknownOutPort(outPort);
        }

        Actor.Emit(new OutPort(index), message);
    }

    /// <summary>Writes a line to the run's log (a script's <c>console.log</c>): see <see cref="ActorContext.Log"/>.</summary>
    public void Log(string text, string level = "log") => Actor.Log(text, level);

    private void ThrowUnknownOutPort(string outPort) => throw new ScriptException(
        $"{Source.DisplayName}: no out-port '{outPort}' (the script declares: {(_outPorts.Count == 0 ? "none" : string.Join(", ", _outPorts.Keys))})",
        file: Source.DisplayName);
}
