using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Reflow.Components.Expressions;
using Reflow.Messages;

namespace Reflow.Benchmarks.Components;

/// <summary>
/// The per-line cost of turning one access-log line into {path, status, bytes}, one operation being one line
/// (a cycle of 1 024 generated lines): the expression functions and regexes against what the same job needed before
/// them and against a hand-written loop. Allocations are per line.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Before_SplitComponent_ThreeExpressions</c>: what a graph had to do before <c>split</c>, <c>get</c> and
/// Object literals: text/Split's work (string.Split into an Array), then one math/Expression per field reading it by
/// path (<c>value.6</c>, <c>int(value.8)</c>, <c>int(value.9)</c>), then an Object built from the three.</item>
/// <item><c>SplitExpression</c>: one expression, <c>{path: get(split(value, ' '), 6), …}</c>.</item>
/// <item><c>RegexLiteralExpression</c>: <c>match(value, '…')</c> with the pattern compiled at parse, then the fields.</item>
/// <item><c>RegexPerMessage_NoCache</c>: what a computed pattern would cost without the cache (a new Regex per line).</item>
/// <item><c>ComponentRegex_Interpreted</c> / <c>ComponentRegex_Compiled</c>: text/Regex's match before and after it
/// compiled its pattern to IL.</item>
/// <item><c>HandWritten</c>: span parsing into the same Object, the floor.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class AccessLogExpressionBenchmarks
{
    private const int Lines = 1024;
    private const string Pattern = "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) [^\"]*\" (\\d{3}) (\\d+|-)$";

    private static readonly string[] s_paths = ["/", "/index.html", "/api/items", "/img/logo.png", "/login"];
    private static readonly long[] s_statuses = [200, 200, 200, 304, 404, 500];

    private readonly Message[] _lines = new Message[Lines];
    private MessageExpression _path = null!, _status = null!, _bytes = null!;
    private MessageExpression _split = null!, _regex = null!;
    private Regex _interpreted = null!, _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < Lines; i++)
        {
            _lines[i] = Message.String(
                $"10.0.{random.Next(256)}.{random.Next(256)} - - [10/Oct/2024:13:{random.Next(60):00}:{random.Next(60):00} +0000] \"GET {s_paths[random.Next(s_paths.Length)]} HTTP/1.1\" {s_statuses[random.Next(s_statuses.Length)]} {random.Next(100_000)}");
        }

        _path = MessageExpression.Parse("value.6", "value");
        _status = MessageExpression.Parse("int(value.8)", "value");
        _bytes = MessageExpression.Parse("int(value.9)", "value");
        _split = MessageExpression.Parse("{path: get(split(value, ' '), 6), status: int(get(split(value, ' '), 8)), bytes: int(get(split(value, ' '), 9))}", "value");
        _regex = MessageExpression.Parse($"match(value, '{Pattern.Replace("\\", "\\\\", StringComparison.Ordinal)}')", "value");
        _interpreted = new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _compiled = new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
        Check(Before_SplitComponent_ThreeExpressions(), SplitExpression(), HandWritten());
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public Message Before_SplitComponent_ThreeExpressions()
    {
        Message last = default;
        foreach (Message line in _lines)
        {
            Message parts = Message.Array(line.AsString().Split(' ').Select(Message.String));
            last = Message.Object(new("path", Field(_path, parts)), new("status", Field(_status, parts)), new("bytes", Field(_bytes, parts)));
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public Message SplitExpression()
    {
        Message last = default;
        foreach (Message line in _lines)
        {
            last = Field(_split, line);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public Message RegexLiteralExpression()
    {
        Message last = default;
        foreach (Message line in _lines)
        {
            last = Field(_regex, line);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public bool RegexPerMessage_NoCache()
    {
        bool any = false;
        foreach (Message line in _lines)
        {
            any |= new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Match(line.AsString()).Success;
        }

        return any;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public bool ComponentRegex_Interpreted() => MatchAll(_interpreted);

    [Benchmark(OperationsPerInvoke = Lines)]
    public bool ComponentRegex_Compiled() => MatchAll(_compiled);

    [Benchmark(OperationsPerInvoke = Lines)]
    public Message HandWritten()
    {
        Message last = default;
        Span<Range> fields = stackalloc Range[11];
        foreach (Message line in _lines)
        {
            ReadOnlySpan<char> text = line.AsString();
            text.Split(fields, ' ');
            last = Message.Object(
                new("path", Message.String(text[fields[6]].ToString())),
                new("status", Message.Integer(long.Parse(text[fields[8]], provider: System.Globalization.CultureInfo.InvariantCulture))),
                new("bytes", Message.Integer(long.Parse(text[fields[9]], provider: System.Globalization.CultureInfo.InvariantCulture))));
        }

        return last;
    }

    private bool MatchAll(Regex regex)
    {
        bool all = true;
        foreach (Message line in _lines)
        {
            all &= regex.Match(line.AsString()).Success;
        }

        return all;
    }

    private static Message Field(MessageExpression expression, in Message value)
    {
        expression.Set(0, value);
        return expression.Evaluate();
    }

    private static void Check(Message before, Message split, Message hand)
    {
        if (!before.Equals(split) || !split.Equals(hand))
        {
            throw new InvalidOperationException($"The variants disagree: {before} / {split} / {hand}.");
        }
    }
}
