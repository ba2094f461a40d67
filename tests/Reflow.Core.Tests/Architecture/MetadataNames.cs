using System.Reflection.Metadata;

namespace Reflow.Tests.Architecture;

/// <summary>Full names of type definitions and references, with the namespace a nested type takes from its outermost type.</summary>
internal static class MetadataNames
{
    /// <summary>The namespace and full name (<c>Outer+Inner</c>) of a type definition.</summary>
    public static (string Namespace, string FullName) Of(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        string name = reader.GetString(type.Name);
        TypeDefinitionHandle outer = type.GetDeclaringType();
        if (!outer.IsNil)
        {
            (string ns, string full) = Of(reader, outer);
            return (ns, full + "+" + name);
        }

        string nameSpace = reader.GetString(type.Namespace);
        return (nameSpace, nameSpace.Length == 0 ? name : nameSpace + "." + name);
    }

    /// <summary>The namespace and full name of a type reference (a nested reference takes its outer type's namespace).</summary>
    public static (string Namespace, string FullName) Of(MetadataReader reader, TypeReferenceHandle handle)
    {
        TypeReference type = reader.GetTypeReference(handle);
        string name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            (string ns, string full) = Of(reader, (TypeReferenceHandle)type.ResolutionScope);
            return (ns, full + "+" + name);
        }

        string nameSpace = reader.GetString(type.Namespace);
        return (nameSpace, nameSpace.Length == 0 ? name : nameSpace + "." + name);
    }
}
