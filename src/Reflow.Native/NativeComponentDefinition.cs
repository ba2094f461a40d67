using System.Runtime.InteropServices;
using Reflow.Actors;
using Reflow.Native.Interop;

namespace Reflow.Native;

/// <summary>A component written in C: its description and callbacks, copied out of the host's rfl_component_def.</summary>
internal sealed unsafe class NativeComponentDefinition
{
    private const uint MayBlockFlag = 1;

    private NativeComponentDefinition(RflComponentDef* definition, ComponentDescription description)
    {
        Description = description;
        Receive = definition->Receive;
        Start = definition->Start;
        InputsClosed = definition->InputsClosed;
        Stop = definition->Stop;
        ComponentData = definition->ComponentData;
    }

    public ComponentDescription Description { get; }

    public delegate* unmanaged<nint, int, RflMessage*, int> Receive { get; }

    public delegate* unmanaged<nint, int> Start { get; }

    public delegate* unmanaged<nint, int> InputsClosed { get; }

    public delegate* unmanaged<nint, int> Stop { get; }

    public void* ComponentData { get; }

    /// <summary>Reads and checks the host's definition; RFL_ERR_ARGUMENT says which field is wrong.</summary>
    public static NativeComponentDefinition Read(RflComponentDef* definition)
    {
        if (definition is null)
        {
            throw new RflException(RflStatus.ErrArgument, "The component definition pointer is NULL.");
        }

        if (definition->StructSize < (uint)sizeof(RflComponentDef))
        {
            throw new RflException(RflStatus.ErrArgument, $"rfl_component_def.struct_size is {definition->StructSize}: set it to sizeof(rfl_component_def) ({sizeof(RflComponentDef)} for ABI version 1).");
        }

        string name = Utf8.Required(definition->Name, "rfl_component_def.name");
        string? text = Utf8.Optional(definition->Description, "rfl_component_def.description");
        PortDefinition[] inPorts = Ports(definition->InPorts, definition->InPortCount, name, "in_ports");
        PortDefinition[] outPorts = Ports(definition->OutPorts, definition->OutPortCount, name, "out_ports");
        if (inPorts.Length > 0 && definition->Receive is null)
        {
            throw new RflException(RflStatus.ErrArgument, $"Component '{name}' has in-ports but no receive callback.");
        }

        if ((definition->Flags & ~MayBlockFlag) != 0)
        {
            throw new RflException(RflStatus.ErrArgument, $"Component '{name}' has flags 0x{definition->Flags:x}: only RFL_COMPONENT_MAY_BLOCK (1) is known.");
        }

        try
        {
            var description = new ComponentDescription(name, inPorts, outPorts, text ?? "", mayBlock: (definition->Flags & MayBlockFlag) != 0);
            return new NativeComponentDefinition(definition, description);
        }
        catch (ArgumentException e)
        {
            throw new RflException(RflStatus.ErrArgument, e.Message);
        }
    }

    public Component CreateComponent() => Component.FromFactory(Description, () => new NativeActor(this));

    private static PortDefinition[] Ports(byte** names, nuint count, string component, string field)
    {
        if (count > 0 && names is null)
        {
            throw new RflException(RflStatus.ErrArgument, $"Component '{component}' has {field} NULL but a count of {count}.");
        }

        if (count > (nuint)PortDefinition.MaxIndexLimit)
        {
            throw new RflException(RflStatus.ErrArgument, $"Component '{component}' has {count} {field}: too many.");
        }

        var ports = new PortDefinition[(int)count];
        for (int i = 0; i < ports.Length; i++)
        {
            string port = Utf8.Required(names[i], $"{field}[{i}] of component '{component}'");
            try
            {
                ports[i] = new PortDefinition(port);
            }
            catch (ArgumentException e)
            {
                throw new RflException(RflStatus.ErrArgument, $"{field}[{i}] of component '{component}': {e.Message}");
            }
        }

        return ports;
    }
}
