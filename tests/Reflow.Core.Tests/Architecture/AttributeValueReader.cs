using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Reflow.Tests.Architecture;

/// <summary>
/// Decodes custom attribute arguments and yields the types named by <c>typeof(…)</c> arguments (stored as text in
/// metadata), as (namespace, full name).
/// </summary>
internal sealed class AttributeValueReader : ICustomAttributeTypeProvider<string>
{
    private const string SystemType = "System.Type";
    private readonly MetadataReader _reader;

    public AttributeValueReader(MetadataReader reader) => _reader = reader;

    /// <summary>The types the attribute's <c>typeof</c> arguments (fixed, named, and in arrays) name.</summary>
    public IEnumerable<(string Namespace, string FullName)> TypeArguments(CustomAttribute attribute)
    {
        CustomAttributeValue<string> value = attribute.DecodeValue(this);
        var found = new List<(string, string)>();
        foreach (CustomAttributeTypedArgument<string> argument in value.FixedArguments)
        {
            Collect(argument, found);
        }

        foreach (CustomAttributeNamedArgument<string> argument in value.NamedArguments)
        {
            Collect(new CustomAttributeTypedArgument<string>(argument.Type, argument.Value), found);
        }

        return found;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSystemType() => SystemType;

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => MetadataNames.Of(reader, handle).FullName;

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        string fullName = MetadataNames.Of(reader, handle).FullName;
        EntityHandle scope = reader.GetTypeReference(handle).ResolutionScope;
        // The assembly is kept for GetUnderlyingEnumType (an enum parameter of another assembly's attribute).
        return fullName != SystemType && scope.Kind == HandleKind.AssemblyReference
            ? fullName + ", " + reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
            : fullName;
    }

    public string GetTypeFromSerializedName(string name) => name;

    public PrimitiveTypeCode GetUnderlyingEnumType(string type)
    {
        // An enum of this assembly: the type of its one instance field (value__).
        foreach (TypeDefinitionHandle handle in _reader.TypeDefinitions)
        {
            if (MetadataNames.Of(_reader, handle).FullName == type)
            {
                foreach (FieldDefinitionHandle f in _reader.GetTypeDefinition(handle).GetFields())
                {
                    FieldDefinition field = _reader.GetFieldDefinition(f);
                    if ((field.Attributes & System.Reflection.FieldAttributes.Static) == 0)
                    {
                        BlobReader signature = _reader.GetBlobReader(field.Signature);
                        signature.ReadSignatureHeader();
                        return (PrimitiveTypeCode)signature.ReadSignatureTypeCode(); // the primitive codes share their values

                    }
                }
            }
        }

        // An enum of another assembly (the BCL's, a package's): ask the runtime, which has it loaded or can load it.
        Type? enumType = Type.GetType(type, throwOnError: false);
        return enumType is { IsEnum: true } ? Enum.Parse<PrimitiveTypeCode>(Type.GetTypeCode(enumType.GetEnumUnderlyingType()).ToString()) : PrimitiveTypeCode.Int32;
    }

    public bool IsSystemType(string type) => type == SystemType;

    private static void Collect(CustomAttributeTypedArgument<string> argument, List<(string, string)> found)
    {
        if (argument.Value is ImmutableArray<CustomAttributeTypedArgument<string>> elements)
        {
            foreach (CustomAttributeTypedArgument<string> element in elements)
            {
                Collect(element, found);
            }
        }
        else if (argument.Type == SystemType && argument.Value is string name)
        {
            found.Add(Split(name));
        }
    }

    // "Reflow.Networks.Network+Inner`1[[…]], Reflow.Core, Version=…" → ("Reflow.Networks", "Reflow.Networks.Network+Inner`1").
    private static (string Namespace, string FullName) Split(string serialized)
    {
        int end = serialized.IndexOfAny([',', '[']);
        string fullName = end < 0 ? serialized : serialized[..end];
        string outer = fullName.Split('+')[0];
        int dot = outer.LastIndexOf('.');
        return (dot < 0 ? "" : outer[..dot], fullName);
    }
}
