using System.Reflection;
using System.Reflection.Emit;
using Reflow.Networks;

namespace Reflow.Tests.Architecture;

/// <summary>
/// The checker on throwaway assemblies built here with <see cref="PersistedAssemblyBuilder"/>: it finds each kind of
/// upward reference and names the type, member and referenced type, and lets a higher layer use a lower one.
/// </summary>
public sealed class LayerCheckerTests
{
    [Fact]
    public void Finds_upward_references_in_headers_signatures_attributes_and_method_bodies()
    {
        using MemoryStream assembly = Build(module =>
        {
            TypeBuilder network = module.DefineType("Reflow.Networks.Network", TypeAttributes.Public | TypeAttributes.Class);
            ConstructorBuilder networkCtor = network.DefineDefaultConstructor(MethodAttributes.Public);
            network.CreateType();

            // new Network() inside a Scheduling method.
            TypeBuilder worker = module.DefineType("Reflow.Scheduling.Worker", TypeAttributes.Public | TypeAttributes.Sealed);
            ILGenerator run = worker.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes).GetILGenerator();
            run.Emit(OpCodes.Newobj, networkCtor);
            run.Emit(OpCodes.Pop);
            run.Emit(OpCodes.Ret);
            worker.CreateType();

            // An Actors type deriving from a Networks type.
            module.DefineType("Reflow.Actors.Sub", TypeAttributes.Public | TypeAttributes.Class, network).CreateType();

            // A Networks type as a generic argument of a field's type.
            TypeBuilder holder = module.DefineType("Reflow.Actors.Holder", TypeAttributes.Public | TypeAttributes.Sealed);
            holder.DefineField("_networks", typeof(List<>).MakeGenericType(network), FieldAttributes.Private);
            holder.CreateType();

            // A Configuration attribute on a Scheduling type.
            TypeBuilder mark = module.DefineType("Reflow.Configuration.MarkAttribute", TypeAttributes.Public | TypeAttributes.Sealed, typeof(Attribute));
            ConstructorBuilder markCtor = mark.DefineDefaultConstructor(MethodAttributes.Public);
            mark.CreateType();
            TypeBuilder marked = module.DefineType("Reflow.Scheduling.Marked", TypeAttributes.Public | TypeAttributes.Sealed);
            marked.SetCustomAttribute(new CustomAttributeBuilder(markCtor, []));
            // typeof(a Networks type) as an attribute argument, with a BCL attribute (its enum argument is decoded too).
            marked.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(System.ComponentModel.TypeConverterAttribute).GetConstructor([typeof(Type)])!, [typeof(NetworkOptions)]));
            marked.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(System.Diagnostics.DebuggerBrowsableAttribute).GetConstructor([typeof(System.Diagnostics.DebuggerBrowsableState)])!,
                [System.Diagnostics.DebuggerBrowsableState.Never]));
            marked.CreateType();

            // A type of the real Reflow.Core (a type reference into another assembly) made in an Actors method.
            TypeBuilder probe = module.DefineType("Reflow.Actors.Probe", TypeAttributes.Public | TypeAttributes.Sealed);
            ILGenerator make = probe.DefineMethod("Make", MethodAttributes.Public | MethodAttributes.Static, typeof(object), Type.EmptyTypes).GetILGenerator();
            make.Emit(OpCodes.Newobj, typeof(NetworkOptions).GetConstructor(Type.EmptyTypes)!);
            make.Emit(OpCodes.Ret);
            probe.CreateType();

            // Graphs uses nothing of the runtime: a Scheduling type in a method signature is a violation.
            TypeBuilder graph = module.DefineType("Reflow.Graphs.Graph", TypeAttributes.Public | TypeAttributes.Sealed);
            ILGenerator place = graph.DefineMethod("Place", MethodAttributes.Public | MethodAttributes.Static, typeof(void), [worker]).GetILGenerator();
            place.Emit(OpCodes.Ret);
            graph.CreateType();

            // Allowed: Networks uses Scheduling, in its signature and its body.
            TypeBuilder runner = module.DefineType("Reflow.Networks.Runner", TypeAttributes.Public | TypeAttributes.Sealed);
            MethodBuilder start = runner.DefineMethod("Start", MethodAttributes.Public | MethodAttributes.Static, typeof(void), [worker]);
            ILGenerator startIl = start.GetILGenerator();
            startIl.Emit(OpCodes.Call, worker.GetMethod("Run")!);
            startIl.Emit(OpCodes.Ret);
            runner.CreateType();
        });

        IReadOnlyList<LayerViolation> violations = LayerChecker.Check(assembly);

        Assert.Equal(
            [
                "Reflow.Actors.Holder._networks references Reflow.Networks.Network (field)",
                "Reflow.Actors.Probe.Make references Reflow.Networks.NetworkOptions (method body)",
                "Reflow.Actors.Sub.(type) references Reflow.Networks.Network (base type)",
                "Reflow.Actors.Sub..ctor references Reflow.Networks.Network (method body)", // the default constructor calls the base one
                "Reflow.Graphs.Graph.Place references Reflow.Scheduling.Worker (method signature)",
                "Reflow.Scheduling.Marked.(type) references Reflow.Configuration.MarkAttribute (attribute)",
                "Reflow.Scheduling.Marked.(type) references Reflow.Networks.NetworkOptions (attribute argument)",
                "Reflow.Scheduling.Worker.Run references Reflow.Networks.Network (method body)",
            ],
            violations.Select(v => v.ToString()).Order(StringComparer.Ordinal));
        LayerViolation run = Assert.Single(violations, v => v.Via == "method body" && v.Type == "Reflow.Scheduling.Worker");
        Assert.Equal(new LayerViolation("Reflow.Scheduling.Worker", "Run", "Reflow.Networks.Network", "method body"), run);
    }

    [Fact]
    public void Finds_an_upward_reference_in_a_nested_type_a_local_and_a_catch_clause()
    {
        using MemoryStream assembly = Build(module =>
        {
            TypeBuilder failure = module.DefineType("Reflow.Networks.NetworkFailure", TypeAttributes.Public | TypeAttributes.Class, typeof(Exception));
            failure.CreateType();

            TypeBuilder cell = module.DefineType("Reflow.Scheduling.Cell", TypeAttributes.Public | TypeAttributes.Sealed);
            TypeBuilder closure = cell.DefineNestedType("<>c", TypeAttributes.NestedPrivate | TypeAttributes.Sealed);
            ILGenerator invoke = closure.DefineMethod("Invoke", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes).GetILGenerator();
            invoke.DeclareLocal(failure);
            invoke.BeginExceptionBlock();
            invoke.Emit(OpCodes.Nop);
            invoke.BeginCatchBlock(failure);
            invoke.Emit(OpCodes.Pop);
            invoke.EndExceptionBlock();
            invoke.Emit(OpCodes.Ret);
            cell.CreateType();
            closure.CreateType();
        });

        IReadOnlyList<LayerViolation> violations = LayerChecker.Check(assembly);

        Assert.Equal(
            [
                "Reflow.Scheduling.Cell+<>c.Invoke references Reflow.Networks.NetworkFailure (catch clause)",
                "Reflow.Scheduling.Cell+<>c.Invoke references Reflow.Networks.NetworkFailure (local variable)",
            ],
            violations.Select(v => v.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_namespace_in_no_layer_is_an_error_naming_it()
    {
        using MemoryStream assembly = Build(module =>
        {
            TypeBuilder stray = module.DefineType("Reflow.Stray.Thing", TypeAttributes.Public | TypeAttributes.Sealed);
            stray.DefineField("_ring", typeof(Reflow.Rings.Sequence), FieldAttributes.Private);
            stray.CreateType();
        });

        var error = Assert.Throws<InvalidOperationException>(() => LayerChecker.Check(assembly));
        Assert.Equal("Namespace Reflow.Stray is in no layer: add it to LayerRules (DESIGN §2).", error.Message);
    }

    private static MemoryStream Build(Action<ModuleBuilder> define)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("Reflow.Throwaway"), typeof(object).Assembly);
        define(builder.DefineDynamicModule("Reflow.Throwaway"));
        var stream = new MemoryStream();
        builder.Save(stream);
        stream.Position = 0;
        return stream;
    }
}
