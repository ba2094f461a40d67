using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reflow.Distributed.Protocol;

/// <summary>The control plane's JSON (source-generated: no reflection, AOT-safe), camelCase on the wire.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeRecord))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(PartStatus))]
internal sealed partial class ClusterJson : JsonSerializerContext
{
    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), Default);

    /// <summary>Reads a control message; anything that is not one is a <see cref="ClusterProtocolException"/>.</summary>
    public static T Read<T>(byte[]? data, string what)
        where T : class
    {
        if (data is null || data.Length == 0)
        {
            throw new ClusterProtocolException($"{what}: an empty message where JSON was expected.");
        }

        try
        {
            return JsonSerializer.Deserialize(data, typeof(T), Default) as T
                ?? throw new ClusterProtocolException($"{what}: null where a JSON object was expected.");
        }
        catch (JsonException ex)
        {
            throw new ClusterProtocolException($"{what}: not a valid message ({ex.Message}).", ex);
        }
    }
}
