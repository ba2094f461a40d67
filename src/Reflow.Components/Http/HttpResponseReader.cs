using System.Text;
using Reflow.Messages;

namespace Reflow.Components.Http;

/// <summary>Reads a response body into a message (JSON parsed, text as a String, anything else as Bytes), up to a size limit.</summary>
internal sealed class HttpResponseReader(string responseType, long maxBytes)
{
    /// <summary>The body of <paramref name="response"/> as a message (Null when it has none).</summary>
    /// <exception cref="InvalidDataException">The body is larger than the limit.</exception>
    /// <exception cref="MessageFormatException">A JSON body is not valid JSON.</exception>
    public Message Read(HttpResponseMessage response)
    {
        byte[] bytes = ReadBounded(response.Content);
        if (bytes.Length == 0)
        {
            return Message.Null;
        }

        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        string kind = responseType != "auto" ? responseType
            : mediaType is null ? "bytes"
            : mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ? "json"
            : mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || response.Content.Headers.ContentType?.CharSet is not null ? "text"
            : "bytes";
        return kind switch
        {
            "json" => MessageJson.Parse(bytes),
            "text" => Message.String(Encoding.UTF8.GetString(bytes)),
            _ => Message.FromOwnedBytes(bytes),
        };
    }

    private byte[] ReadBounded(HttpContent content)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new InvalidDataException($"the body has {content.Headers.ContentLength} bytes, more than 'maxResponseBytes' ({maxBytes})");
        }

        using Stream stream = content.ReadAsStream();
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"the body is longer than 'maxResponseBytes' ({maxBytes})");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The response's headers (and its content's) as an Object; repeated values joined with ", ".</summary>
    public static Message Headers(HttpResponseMessage response)
    {
        MessageObject.Builder headers = MessageObject.CreateBuilder();
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers.Concat(response.Content.Headers))
        {
            string name = header.Key.ToLowerInvariant();
            if (!headers.ContainsKey(name))
            {
                headers.Add(name, Message.String(string.Join(", ", header.Value)));
            }
        }

        return Message.Object(headers.ToMessageObject());
    }
}
