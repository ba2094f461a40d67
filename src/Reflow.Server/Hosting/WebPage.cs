using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Reflow.Server.Hosting;

/// <summary>
/// The live page (src/Reflow.Server/web, bundled at build time and embedded in this assembly): <c>GET /</c>,
/// <c>/app.js</c> and <c>/app.css</c>. Nothing comes from elsewhere at run time; the page's policy lets it load only
/// these files and open a WebSocket only to this server, so an injected script could neither load code nor send data away.
/// </summary>
internal sealed class WebPage
{
    private const string ResourcePrefix = "Reflow.Server.web.";

    private readonly FrozenDictionary<string, (byte[] Content, string ContentType)> _files;

    private WebPage(FrozenDictionary<string, (byte[] Content, string ContentType)> files) => _files = files;

    /// <summary>The page's files, read once from the assembly.</summary>
    /// <exception cref="InvalidOperationException">A file is missing from the assembly (the build did not embed the bundle).</exception>
    public static WebPage Load()
    {
        Assembly assembly = typeof(WebPage).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach ((string path, string name, string type) in new[]
        {
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/app.css", "app.css", "text/css; charset=utf-8"),
        })
        {
            using Stream stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The live page's {name} is not embedded in {assembly.GetName().Name} (resource {ResourcePrefix}{name}): src/Reflow.Server/web/WebPage.targets bundles and embeds it at build time.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[path] = (buffer.ToArray(), type);
        }

        return new WebPage(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Whether <paramref name="path"/> is one of the page's files.</summary>
    public bool Serves(PathString path) => path.HasValue && _files.ContainsKey(path.Value!);

    /// <summary>Answers a GET or HEAD of one of the page's files.</summary>
    public async Task ServeAsync(HttpContext context, bool tls)
    {
        HttpRequest request = context.Request;
        HttpResponse response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        (byte[] content, string contentType) = _files[request.Path.Value!];
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        // Connect only to this server's own WebSocket (the Host was checked by the origin policy before this runs).
        string socket = $"{(tls ? "wss" : "ws")}://{request.Host.Value}";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src {socket}; " +
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
