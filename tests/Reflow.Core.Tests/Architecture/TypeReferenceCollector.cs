using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Reflow.Tests.Architecture;

/// <summary>
/// Decodes signatures (fields, methods, locals, type specifications, generic instantiations) and records every
/// named type in them — element types, generic arguments, modifiers — as (namespace, full name) in <see cref="Found"/>.
/// </summary>
internal sealed class TypeReferenceCollector : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _reader;

    public TypeReferenceCollector(MetadataReader reader) => _reader = reader;

    /// <summary>The types met since the last <see cref="List{T}.Clear"/>.</summary>
    public List<(string Namespace, string FullName)> Found { get; } = [];

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Record(MetadataNames.Of(reader, handle));

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Record(MetadataNames.Of(reader, handle));

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[*]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "delegate*";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSZArrayType(string elementType) => elementType + "[]";

    /// <summary>Records the types an entity handle in IL or metadata names: a type, or a member with its declaring type and signature.</summary>
    public void CollectEntity(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                Record(MetadataNames.Of(_reader, (TypeDefinitionHandle)handle));
                break;
            case HandleKind.TypeReference:
                Record(MetadataNames.Of(_reader, (TypeReferenceHandle)handle));
                break;
            case HandleKind.TypeSpecification:
                _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
            case HandleKind.MethodDefinition:
                MethodDefinition method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                CollectEntity(method.GetDeclaringType());
                method.DecodeSignature(this, null);
                break;
            case HandleKind.FieldDefinition:
                FieldDefinition field = _reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                CollectEntity(field.GetDeclaringType());
                field.DecodeSignature(this, null);
                break;
            case HandleKind.MemberReference:
                MemberReference member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                if (member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification or HandleKind.MethodDefinition)
                {
                    CollectEntity(member.Parent);
                }

                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(this, null);
                }
                else
                {
                    member.DecodeFieldSignature(this, null);
                }

                break;
            case HandleKind.MethodSpecification:
                MethodSpecification spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                CollectEntity(spec.Method);
                spec.DecodeSignature(this, null);
                break;
            case HandleKind.StandaloneSignature:
                StandaloneSignature signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    signature.DecodeLocalSignature(this, null);
                }
                else
                {
                    signature.DecodeMethodSignature(this, null);
                }

                break;
        }
    }

    private string Record((string Namespace, string FullName) type)
    {
        Found.Add(type);
        return type.FullName;
    }
}
