using Reflow.Actors;
using Reflow.Messages;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>
/// The actor of one node of a C component: each hook calls the matching C callback with this actor's rfl_context
/// (its slot in <see cref="NativeContexts"/>, alive from start to stop). A callback that returns non-zero throws here, in the actor, so the
/// node's supervision policy handles it exactly like a C# actor's exception.
/// </summary>
internal sealed unsafe class NativeActor(NativeComponentDefinition definition) : Actor
{
    private readonly NativeBuffer _message = new();
    private readonly NativeBuffer _nodeId = new();
    private readonly NativeBuffer _config = new();
    private ActorContext? _context;
    private OutPort[] _outPorts = [];
    private string? _failure;
    private nint _handle;
    private int _configLength = -1;

    public void* NodeData { get; set; }

    public void* ComponentData => definition.ComponentData;

    public byte* NodeId => _nodeId.Pointer;

    /// <summary>The generation of this node's slot in <see cref="NativeContexts"/>, set there.</summary>
    public uint ContextGeneration { get; set; }

    public static NativeActor FromContext(nint context) => NativeContexts.Get(context);

    public override void OnStart(ActorContext context)
    {
        if (_handle == 0)
        {
            _handle = NativeContexts.Add(this);
        }

        _nodeId.WriteUtf8(context.NodeId);
        _outPorts = [.. definition.Description.OutPorts.Select(p => context.OutPort(p.Name))];
        if (definition.Start is not null)
        {
            Call(context, definition.Start, "start");
        }
    }

    public override void Receive(ActorContext context) => Deliver(context, context.Message);

    public override void OnBracket(ActorContext context) => Deliver(context, context.Message); // the C code sees brackets and decides whether to forward them

    public override void OnInputsClosed(ActorContext context)
    {
        if (definition.InputsClosed is not null)
        {
            Call(context, definition.InputsClosed, "inputs_closed");
        }
    }

    public override void OnStop(ActorContext context)
    {
        try
        {
            if (definition.Stop is not null && _handle != 0)
            {
                Call(context, definition.Stop, "stop");
            }
        }
        finally
        {
            if (_handle != 0)
            {
                NativeContexts.Remove(_handle);
                _handle = 0;
            }

            _message.Dispose();
            _nodeId.Dispose();
            _config.Dispose();
        }
    }

    /// <summary>rfl_emit: only while a callback of this node runs.</summary>
    public void Emit(int port, RflMessage* message)
    {
        OutPort outPort = CheckedPort(port, "rfl_emit", out ActorContext context);
        context.Emit(outPort, MessageConversion.FromNative(message));
    }

    /// <summary>rfl_emit_batch: <see cref="Emit"/> for each message in order; <paramref name="emitted"/> gets how many went before a failure.</summary>
    public void EmitBatch(int port, RflMessage* messages, nuint count, nuint* emitted)
    {
        nuint index = 0;
        try
        {
            OutPort outPort = CheckedPort(port, "rfl_emit_batch", out ActorContext context);
            if (messages is null && count > 0)
            {
                throw new RflException(RflStatus.ErrArgument, $"The messages pointer is NULL but count is {count}.");
            }

            for (; index < count; index++)
            {
                context.Emit(outPort, MessageConversion.FromNative(messages + index));
            }
        }
        catch (RflException e) when (index < count)
        {
            throw new RflException(e.Status, $"Message {index} of the batch of {count}: {e.Message}");
        }
        finally
        {
            if (emitted is not null)
            {
                *emitted = index;
            }
        }
    }

    private OutPort CheckedPort(int port, string function, out ActorContext context)
    {
        context = _context ?? throw new RflException(RflStatus.ErrState, $"{function} was called outside a callback: emit only from inside start, receive, inputs_closed (with that callback's context).");
        if ((uint)port >= (uint)_outPorts.Length)
        {
            throw new RflException(RflStatus.ErrArgument, $"Out-port {port} does not exist: component '{definition.Description.Name}' has {_outPorts.Length} out-port(s).");
        }

        return _outPorts[port];
    }

    public void Fail(string text) => _failure = text;

    /// <summary>rfl_context_config: the node's configuration as JSON object text, written once.</summary>
    public (nint Json, int Length) Config()
    {
        ActorContext context = _context ?? throw new RflException(RflStatus.ErrState, "rfl_context_config was called outside a callback.");
        if (_configLength < 0)
        {
            _configLength = _config.Write(MessageJson.ToUtf8Json(Message.Object(context.Configuration.Values)));
        }

        return ((nint)_config.Pointer, _configLength);
    }

    private void Deliver(ActorContext context, in Message message)
    {
        RflMessage native;
        MessageConversion.ToNative(message, &native, _message);
        _context = context;
        _failure = null;
        int result;
        try
        {
            result = definition.Receive(_handle, context.InPortIndex, &native);
        }
        finally
        {
            _context = null;
        }

        if (result != 0)
        {
            throw new NativeCallbackException(_failure ?? $"the receive callback returned {result}");
        }
    }

    private void Call(ActorContext context, delegate* unmanaged<nint, int> callback, string name)
    {
        _context = context;
        _failure = null;
        int result;
        try
        {
            result = callback(_handle);
        }
        finally
        {
            _context = null;
        }

        if (result != 0)
        {
            throw new NativeCallbackException(_failure ?? $"the {name} callback returned {result}");
        }
    }
}
