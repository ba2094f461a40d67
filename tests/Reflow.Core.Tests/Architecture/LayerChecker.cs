using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Reflow.Tests.Architecture;

/// <summary>
/// Reads an assembly's metadata and lists every reference from a type of one layer to a type of a layer it may not
/// use (<see cref="LayerRules"/>): through base types, interfaces, generic constraints, field, property, event and
/// method signatures (generic arguments included), custom attributes and their <c>typeof</c> arguments, and method bodies — every type, member and
/// signature token in the IL, local variables and catch clauses — so a <c>new Network()</c> inside a lower-layer
/// method is caught. A nested type (a closure, a state machine) counts as part of its outermost type's layer.
/// </summary>
/// <remarks>
/// Not seen: types named only in strings (reflection by name) and references in XML docs; neither is a
/// compile-time dependency. A <c>typeof</c> in an attribute argument is stored as text too, but it is read.
/// </remarks>
public static class LayerChecker
{
    /// <summary>Checks the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<LayerViolation> Check(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Check(stream);
    }

    /// <summary>Checks the assembly in <paramref name="assembly"/> (read from its current position).</summary>
    public static IReadOnlyList<LayerViolation> Check(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchEntireImage);
        MetadataReader reader = pe.GetMetadataReader();
        var collector = new TypeReferenceCollector(reader);
        var attributeValues = new AttributeValueReader(reader);
        var violations = new List<LayerViolation>();
        var seen = new HashSet<LayerViolation>();

        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            (string ns, string typeName) = MetadataNames.Of(reader, handle);
            string? layer = LayerRules.LayerOf(ns);
            if (layer is null)
            {
                continue;
            }

            var context = new Context(reader, collector, attributeValues, layer, typeName, violations, seen);
            TypeDefinition type = reader.GetTypeDefinition(handle);
            if (!type.BaseType.IsNil)
            {
                context.Check("(type)", "base type", type.BaseType);
            }

            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                context.Check("(type)", "interface", reader.GetInterfaceImplementation(i).Interface);
            }

            context.CheckGenericParameters("(type)", type.GetGenericParameters());
            context.CheckAttributes("(type)", type.GetCustomAttributes());

            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(f);
                string name = reader.GetString(field.Name);
                context.Collect(name, "field", () => field.DecodeSignature(collector, null));
                context.CheckAttributes(name, field.GetCustomAttributes());
            }

            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                PropertyDefinition property = reader.GetPropertyDefinition(p);
                string name = reader.GetString(property.Name);
                context.Collect(name, "property", () => property.DecodeSignature(collector, null));
                context.CheckAttributes(name, property.GetCustomAttributes());
            }

            foreach (EventDefinitionHandle e in type.GetEvents())
            {
                EventDefinition @event = reader.GetEventDefinition(e);
                string name = reader.GetString(@event.Name);
                context.Check(name, "event", @event.Type);
                context.CheckAttributes(name, @event.GetCustomAttributes());
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                CheckMethod(pe, reader, context, reader.GetMethodDefinition(m));
            }
        }

        return violations;
    }

    private static void CheckMethod(PEReader pe, MetadataReader reader, Context context, MethodDefinition method)
    {
        string name = reader.GetString(method.Name);
        context.Collect(name, "method signature", () => method.DecodeSignature(context.Collector, null));
        context.CheckAttributes(name, method.GetCustomAttributes());
        context.CheckGenericParameters(name, method.GetGenericParameters());
        foreach (ParameterHandle p in method.GetParameters())
        {
            context.CheckAttributes(name, reader.GetParameter(p).GetCustomAttributes());
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            context.Check(name, "local variable", body.LocalSignature);
        }

        foreach (ExceptionRegion region in body.ExceptionRegions)
        {
            if (region.Kind == ExceptionRegionKind.Catch)
            {
                context.Check(name, "catch clause", region.CatchType);
            }
        }

        foreach (EntityHandle token in ILTokens.Read(body.GetILBytes()!))
        {
            context.Check(name, "method body", token);
        }
    }

    private sealed record Context(
        MetadataReader Reader,
        TypeReferenceCollector Collector,
        AttributeValueReader AttributeValues,
        string Layer,
        string TypeName,
        List<LayerViolation> Violations,
        HashSet<LayerViolation> Seen)
    {
        public void Check(string member, string via, EntityHandle handle) => Collect(member, via, () => Collector.CollectEntity(handle));

        public void Collect(string member, string via, Action decode)
        {
            Collector.Found.Clear();
            decode();
            foreach ((string ns, string fullName) in Collector.Found)
            {
                string? target = LayerRules.LayerOf(ns);
                if (target is not null && !LayerRules.MayUse(Layer, target))
                {
                    var violation = new LayerViolation(TypeName, member, fullName, via);
                    if (Seen.Add(violation))
                    {
                        Violations.Add(violation);
                    }
                }
            }
        }

        public void CheckAttributes(string member, CustomAttributeHandleCollection attributes)
        {
            foreach (CustomAttributeHandle a in attributes)
            {
                CustomAttribute attribute = Reader.GetCustomAttribute(a);
                Check(member, "attribute", attribute.Constructor);
                Collect(member, "attribute argument", () => Collector.Found.AddRange(AttributeValues.TypeArguments(attribute)));
            }
        }

        public void CheckGenericParameters(string member, GenericParameterHandleCollection parameters)
        {
            foreach (GenericParameterHandle g in parameters)
            {
                GenericParameter parameter = Reader.GetGenericParameter(g);
                foreach (GenericParameterConstraintHandle c in parameter.GetConstraints())
                {
                    Check(member, "generic constraint", Reader.GetGenericParameterConstraint(c).Type);
                }

                CheckAttributes(member, parameter.GetCustomAttributes());
            }
        }
    }
}
