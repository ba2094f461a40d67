using System.CommandLine;
using Reflow.Configuration;
using Reflow.Graphs;
using Reflow.Graphs.Validation;
using Reflow.Networks;

namespace Reflow.Cli.Commands;

/// <summary><c>reflow validate &lt;graph&gt;</c>: every problem of a graph and its subgraphs, with locations; exit 2 when it has errors.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliHost host)
    {
        var common = new GraphCommandOptions();
        Option<bool> caseSensitive = GraphCommandOptions.CaseSensitiveOption();
        Command command = common.Command(
            "validate",
            "Check a graph against the component registry: an empty graph, unknown components and ports, type mismatches, unfed required ports, orphans, cycles — every problem at once. Exit 0 when it would load, 2 otherwise.",
            caseSensitive);
        command.SetAction(parse =>
        {
            ReflowOptions options = common.LoadConfiguration(parse, host);
            string path = common.GraphPath(parse);
            bool sensitive = parse.GetValue(caseSensitive);
            GraphFiles.Read(path, sensitive); // a missing file or a syntax error is reported like everywhere else
            GraphLoadOptions loading = options.ToGraphLoadOptions() with { CaseSensitive = sensitive };
            GraphValidation validation = GraphNetworkLoader.ValidateFile(path, CliComponents.AddScripting(host.CreateRegistry(host.Out), options), loading);
            Write(host.Out, path, validation, common.Format(parse));
            return validation.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>The problem's location with the file it is in: a subgraph's problems name their file already, the top graph's do not.</summary>
    private static string Located(string path, GraphProblem problem) =>
        problem.Location.Contains(".fbp", StringComparison.OrdinalIgnoreCase) || problem.Location.Contains(".json", StringComparison.OrdinalIgnoreCase)
            ? problem.Location
            : $"{path}, {problem.Location}";

    private static void Write(TextWriter output, string path, GraphValidation validation, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(Running.RunReport.Json(w =>
            {
                w.WriteString("graph", path);
                w.WriteBoolean("valid", validation.IsValid);
                w.WriteStartArray("problems");
                foreach (GraphProblem problem in validation.Problems)
                {
                    w.WriteStartObject();
                    w.WriteString("severity", problem.Severity.ToString());
                    w.WriteString("code", problem.Code);
                    w.WriteString("location", Located(path, problem));
                    w.WriteString("message", problem.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }));
            return;
        }

        foreach (GraphProblem problem in validation.Problems)
        {
            output.WriteLine($"{problem.Severity.ToString().ToLowerInvariant()} {problem.Code} at {Located(path, problem)}: {problem.Message}");
        }

        int errors = validation.Errors.Count();
        int others = validation.Problems.Count - errors;
        output.WriteLine(validation.IsValid
            ? $"{path}: valid ({others} warning(s) and note(s))"
            : $"{path}: {errors} error(s), {others} warning(s) and note(s)");
    }
}
