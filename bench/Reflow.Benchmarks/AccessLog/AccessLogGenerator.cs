using System.Globalization;
using System.Text;

namespace Reflow.Benchmarks.AccessLog;

/// <summary>
/// Writes a web-server access log in the combined log format, the same bytes for the same seed and line count on any
/// machine: a realistic mix of statuses (mostly 200, some 304, redirects, 404s from scanners and stale links, a few
/// 5xx), request paths whose popularity follows a Zipf law (a few pages take most requests), response sizes per path,
/// and about 1 % malformed lines of the kinds real logs have (truncated lines, TLS handshakes sent to the plain-HTTP
/// port, timed-out requests logged as <c>"-"</c>, error-log lines mixed in).
/// </summary>
/// <remarks>
/// A line is well-formed when <see cref="AccessLogLine.TryParse"/> accepts it (the same as
/// <see cref="AccessLogLine.Pattern"/>); every malformed line written here fails it, and every other line passes, so
/// <see cref="AccessLogGeneration.Malformed"/> is the malformed count a correct job must report.
/// </remarks>
public static class AccessLogGenerator
{
    /// <summary>The seed of the checked-in sample and of the benchmark's files.</summary>
    public const ulong DefaultSeed = 15;

    /// <summary>The share of malformed lines.</summary>
    public const double MalformedShare = 0.01;

    private static readonly DateTime s_start = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] s_agents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32.3",
    ];

    private static readonly string[] s_externalReferers =
        ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "https://news.ycombinator.com/"];

    /// <summary>Writes <paramref name="lines"/> lines to <paramref name="path"/> (UTF-8, <c>\n</c> line ends).</summary>
    public static AccessLogGeneration WriteFile(string path, long lines, ulong seed = DefaultSeed)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        return Write(writer, lines, seed);
    }

    /// <summary>Writes <paramref name="lines"/> lines to <paramref name="writer"/>, each ended by <c>\n</c>.</summary>
    public static AccessLogGeneration Write(TextWriter writer, long lines, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var random = new SplitMix64(seed);
        SitePath[] site = SitePath.Catalogue();
        double[] pathWeights = ZipfCumulative(site.Length);
        string[] clients = [.. Enumerable.Range(0, 400).Select(_ => $"{random.Between(11, 223)}.{random.Below(256)}.{random.Below(256)}.{random.Between(1, 254)}")];
        double[] clientWeights = ZipfCumulative(clients.Length);
        var line = new StringBuilder(512);
        DateTime time = s_start;
        long lastSecond = -1;
        string stamp = "";
        long malformed = 0;
        for (long i = 0; i < lines; i++)
        {
            time = time.AddMilliseconds(random.Between(0, 40));
            long second = time.Ticks / TimeSpan.TicksPerSecond;
            if (second != lastSecond)
            {
                lastSecond = second;
                stamp = time.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";
            }

            string client = clients[Pick(clientWeights, random.NextDouble())];
            line.Clear();
            if (random.NextDouble() < MalformedShare)
            {
                malformed++;
                AppendMalformed(line, ref random, client, stamp, time, site, pathWeights);
            }
            else
            {
                AppendRequest(line, ref random, client, stamp, site, pathWeights);
            }

            line.Append('\n');
            writer.Write(line);
        }

        return new AccessLogGeneration(lines, malformed);
    }

    private static void AppendRequest(StringBuilder line, ref SplitMix64 random, string client, string stamp, SitePath[] site, double[] weights)
    {
        SitePath target = site[Pick(weights, random.NextDouble())];
        string method = target.Posts && random.NextDouble() < 0.4 ? "POST" : random.NextDouble() < 0.03 ? "HEAD" : "GET";
        double p = random.NextDouble();
        string protocol = p < 0.85 ? "HTTP/1.1" : p < 0.98 ? "HTTP/2.0" : "HTTP/1.0";
        int status = target.Missing ? 404 : Status(random.NextDouble());
        long? bytes = status switch
        {
            200 when method == "HEAD" => null,
            200 => target.Size + (long)((random.NextDouble() - 0.5) * 0.1 * target.Size),
            304 => null,
            301 or 302 => 230 + target.Path.Length,
            404 => 196 + target.Path.Length,
            401 => 381,
            403 => 199 + target.Path.Length,
            500 => 531,
            _ => 299,
        };
        string user = target.Posts && random.NextDouble() < 0.3 ? "user" + random.Between(1, 90).ToString(CultureInfo.InvariantCulture) : "-";
        double r = random.NextDouble();
        string referer = r < 0.40 ? "-" : r < 0.85 ? "https://www.example.com" + site[random.Below(20)].Path : s_externalReferers[random.Below(s_externalReferers.Length)];
        string agent = s_agents[random.Below(s_agents.Length)];
        line.Append(client).Append(" - ").Append(user).Append(" [").Append(stamp).Append("] \"")
            .Append(method).Append(' ').Append(target.Path).Append(' ').Append(protocol).Append("\" ")
            .Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "-")
            .Append(" \"").Append(referer).Append("\" \"").Append(agent).Append('"');
    }

    private static void AppendMalformed(StringBuilder line, ref SplitMix64 random, string client, string stamp, DateTime time, SitePath[] site, double[] weights)
    {
        switch (random.Below(4))
        {
            case 0: // a line cut short (a crash or a full disk mid-write): at least its closing quote is gone
                AppendRequest(line, ref random, client, stamp, site, weights);
                line.Length = random.Between(20, line.Length - 2);
                break;
            case 1: // a TLS client speaking to the plain-HTTP port: the request is one token of escaped bytes
                line.Append(client).Append(" - - [").Append(stamp).Append("] \"\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03\" 400 226 \"-\" \"-\"");
                break;
            case 2: // a connection closed before sending a request
                line.Append(client).Append(" - - [").Append(stamp).Append("] \"-\" 408 - \"-\" \"-\"");
                break;
            default: // an error-log line written to the access log
                line.Append('[').Append(time.ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", CultureInfo.InvariantCulture))
                    .Append("] [core:error] [pid ").Append(random.Between(1000, 9999).ToString(CultureInfo.InvariantCulture))
                    .Append("] [client ").Append(client).Append(':').Append(random.Between(1024, 65535).ToString(CultureInfo.InvariantCulture))
                    .Append("] AH00126: Invalid URI in request GET /%zz HTTP/1.1");
                break;
        }
    }

    private static int Status(double p) => p switch
    {
        < 0.820 => 200,
        < 0.890 => 304,
        < 0.910 => 302,
        < 0.925 => 301,
        < 0.975 => 404,
        < 0.980 => 403,
        < 0.985 => 401,
        < 0.995 => 500,
        _ => 503,
    };

    /// <summary>Cumulative weights of ranks 1..n under Zipf's law (rank r has weight 1/r), normalised to end at 1.</summary>
    /// <remarks>Exponent 1 on purpose: divisions and sums are exactly rounded everywhere, where <see cref="Math.Pow"/> may differ in
    /// the last bit between platforms and move a line's path.</remarks>
    private static double[] ZipfCumulative(int n)
    {
        var cumulative = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++)
        {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }

        for (int i = 0; i < n; i++)
        {
            cumulative[i] /= sum;
        }

        return cumulative;
    }

    private static int Pick(double[] cumulative, double u)
    {
        int index = Array.BinarySearch(cumulative, u);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
