using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reflow.Cli.Tests;

/// <summary>
/// examples/polyglot: its graph (C# components, a WebAssembly plugin, JavaScript, TypeScript and Python nodes) run by
/// the real <c>reflow</c> from an unrelated directory prints exactly what the same computation written in plain C#
/// gives for the same file; and that computation is what the example's expected.txt (which CI compares) holds.
/// </summary>
public sealed partial class PolyglotExampleTests
{
    private const string Example = "examples/polyglot";

    [Fact]
    public void The_expected_file_is_what_the_plain_csharp_computation_gives()
    {
        string[] plain = PlainComputation(Path.Combine(SubprocessCli.RepositoryRoot, Example, "order-lines.jsonl"));

        Assert.Equal(File.ReadAllLines(Path.Combine(SubprocessCli.RepositoryRoot, Example, "expected.txt")), plain);
    }

    [Fact]
    public async Task The_graph_run_from_another_directory_prints_what_the_plain_csharp_computation_gives()
    {
        string[] plain = PlainComputation(Path.Combine(SubprocessCli.RepositoryRoot, Example, "order-lines.jsonl"));
        string elsewhere = Directory.CreateTempSubdirectory("reflow-polyglot-").FullName;
        try
        {
            string graph = Path.Combine(SubprocessCli.RepositoryRoot, Example, "polyglot.fbp");
            CliRun run = await SubprocessCli.RunInAsync(elsewhere, "run", graph);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"── {graph}: completed", run.Output);
            Assert.Matches(@"(?m)^errors +0$", run.Output);
            Assert.Matches(@"(?m)^failures +0$", run.Output);
            // Ports are read concurrently: lines of one port keep their order, ports are grouped (as .ci/run compares them).
            string[] values = [.. run.OutputLines.Where(l => ValueLine().IsMatch(l)).OrderBy(l => l[..l.IndexOf(':', StringComparison.Ordinal)], StringComparer.Ordinal)];
            Assert.Equal(plain, values);
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere)); // nothing read or written through the current directory
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>
    /// The graph's computation, step by step as its nodes do it, printed as <c>reflow run</c> prints the exported
    /// ports (grouped by port name).
    /// </summary>
    private static string[] PlainComputation(string orderLines)
    {
        var rejected = new List<string>();
        var bands = new JsonObject();
        var weeks = new JsonObject();
        long revenue = 0;

        foreach (string text in File.ReadLines(orderLines))
        {
            // read + parse (io/ReadLinesFrom, data/JsonParse)
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement line = document.RootElement;
            string order = line.GetProperty("order").GetString()!;
            string sku = line.GetProperty("sku").GetString()!;
            string ean = line.GetProperty("ean").GetString()!;

            // check (ean13.wasm): 13 digits whose weighted sum (1, 3, 1, 3, …) is a multiple of 10
            if (ean.Length != 13 || !ean.All(char.IsAsciiDigit))
            {
                rejected.Add($"{order} {sku}: EAN {ean} is not 13 digits");
                continue;
            }

            int sum = 0;
            for (int i = 0; i < 12; i++)
            {
                sum += (ean[i] - '0') * (i % 2 == 0 ? 1 : 3);
            }

            char checkDigit = (char)('0' + ((10 - (sum % 10)) % 10));
            if (ean[12] != checkDigit)
            {
                rejected.Add($"{order} {sku}: EAN {ean} has check digit {ean[12]}, expected {checkDigit}");
                continue;
            }

            // amount (amount.js): Math.round(qty * price * 100) in doubles; half up is away from zero for these positive amounts
            long qty = line.GetProperty("qty").GetInt64();
            double price = line.GetProperty("price").GetDouble();
            long net = (long)Math.Round(qty * price * 100, MidpointRounding.AwayFromZero);

            // classify (classify.ts)
            string band = qty >= 10 ? "bulk" : net >= 100_00 ? "large" : "small";
            Count(bands, band);

            // tax (tax.py): VAT by country in decimal, rounded half to even; the ISO 8601 week of the date
            int vat = line.GetProperty("country").GetString() switch
            {
                "DE" => 19,
                "FR" => 20,
                "NL" => 21,
                var other => throw new InvalidDataException($"no VAT rate for {other}"),
            };
            revenue += (long)Math.Round(net * (100m + vat) / 100m, MidpointRounding.ToEven);
            DateTime date = DateTime.ParseExact(line.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Count(weeks, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
        }

        // bands, weeks, revenue (data/CountBy, data/SumBy) at the end of the stream
        return
        [
            $"bands: {bands.ToJsonString()}",
            .. rejected.Select(r => $"rejected: {JsonSerializer.Serialize(r)}"),
            $"revenue: {revenue.ToString(CultureInfo.InvariantCulture)}",
            $"weeks: {weeks.ToJsonString()}",
        ];
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+: ")]
    private static partial Regex ValueLine();

    private static void Count(JsonObject counts, string key) => counts[key] = (counts[key]?.GetValue<int>() ?? 0) + 1;
}
