using System.Buffers;

namespace Reflow.Scripting.Http;

/// <summary>
/// Reads a host HTTP call's response body into memory, bounded by the node's memory limit and ended by the call's
/// deadline: what JavaScript's <c>fetch</c> and a WebAssembly plugin's <c>http_request</c> share. Each caller turns
/// the outcomes into its own errors.
/// </summary>
internal static class HttpResponseBody
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="limit"/> (its size so far, or its announced length, in
    /// <paramref name="tooLarge"/>). A read the deadline interrupts throws (IOException, ObjectDisposedException,
    /// OperationCanceledException or HttpRequestException) with <paramref name="token"/> cancelled; a failed read throws
    /// IOException or HttpRequestException.
    /// </summary>
    public static byte[]? Read(HttpResponseMessage response, long limit, CancellationToken token, out long tooLarge)
    {
        tooLarge = 0;
        if (response.Content.Headers.ContentLength is long length && length > limit)
        {
            tooLarge = length;
            return null;
        }

        // Reading the body does not watch the token: disposing the response ends a read that the deadline interrupts.
        using CancellationTokenRegistration abort = token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using Stream stream = response.Content.ReadAsStream(token);
            using var body = new MemoryStream();
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (body.Length + read > limit)
                {
                    tooLarge = body.Length + read;
                    return null;
                }

                body.Write(chunk, 0, read);
            }

            return body.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
