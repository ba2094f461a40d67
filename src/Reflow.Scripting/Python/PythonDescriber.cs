using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Reflow.Actors;

namespace Reflow.Scripting.Python;

/// <summary>
/// Reads a script's declaration with the runner's <c>--describe</c> (no user code runs: the runner parses the source
/// and reads its literal <c>__actor_metadata__</c> or <c>@actor(...)</c>): one JSON object on stdout.
/// </summary>
internal static class PythonDescriber
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <exception cref="ScriptException">The script does not parse, its metadata is wrong, or the interpreter fails.</exception>
    public static ScriptDeclaration Describe(ScriptSource source, string interpreter)
    {
        string name = source.DisplayName;
        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in (string[])["-I", "-B", PythonRunnerFile.Path, "--describe", name])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new ScriptException($"{name}: cannot start {interpreter} to read the script's declaration", file: name);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(source.Text);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it exited early: its output says why
        }

        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new ScriptException($"{name}: reading the script's declaration took more than {Limit.TotalSeconds} s", file: name);
        }

        process.WaitForExit();
        string json = output.Result.Trim();
        if (process.ExitCode != 0 || json.Length == 0)
        {
            throw new ScriptException($"{name}: the Python runner could not read the script's declaration (exit code {process.ExitCode}): {errors.Result.Trim()}", file: name);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Read(document.RootElement, source);
        }
        catch (JsonException ex)
        {
            throw new ScriptException($"{name}: the Python runner's declaration is not JSON ({ex.Message}): {json}", file: name, innerException: ex);
        }
    }

    private static ScriptDeclaration Read(JsonElement root, ScriptSource source)
    {
        string name = source.DisplayName;
        if (!root.TryGetProperty("ok", out JsonElement ok) || ok.ValueKind != JsonValueKind.True)
        {
            int? line = Number(root, "line");
            int? column = Number(root, "column");
            string message = root.TryGetProperty("message", out JsonElement m) ? m.ToString() : root.ToString();
            string place = line is { } l ? $":{l}" + (column is { } c ? $":{c}" : "") : "";
            throw new ScriptException($"{name}{place}: {message}", file: name, line: line, column: column);
        }

        JsonElement metadata = root.GetProperty("metadata");
        string fallback = Path.GetFileNameWithoutExtension(source.Path ?? name);
        string component = Text(metadata, "name") ?? fallback;
        string? schema = metadata.TryGetProperty("config", out JsonElement config) && config.ValueKind is JsonValueKind.Object ? config.GetRawText() : null;
        bool batch = !metadata.TryGetProperty("batch", out JsonElement b) || b.ValueKind != JsonValueKind.False;
        int? maxBatch = Number(metadata, "max_batch");
        if (maxBatch is { } size && size is < 1 or > 65_536)
        {
            throw new ScriptException($"{name}: __actor_metadata__ max_batch must be a whole number from 1 to 65536, not {size}", file: name);
        }

        var declaration = new ScriptDeclaration(component, Text(metadata, "description") ?? "", Ports(metadata, "inports", name), Ports(metadata, "outports", name), schema)
        {
            Batch = batch,
        };
        return maxBatch is { } most ? declaration with { MaxBatchSize = most } : declaration;
    }

    private static PortDefinition[] Ports(JsonElement metadata, string key, string name)
    {
        if (!metadata.TryGetProperty(key, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var ports = new PortDefinition[list.GetArrayLength()];
        int i = 0;
        foreach (JsonElement port in list.EnumerateArray())
        {
            string where = $"__actor_metadata__ {key}[{i}]";
            string? portName = port.ValueKind == JsonValueKind.String ? port.GetString() : Text(port, "name");
            string typeName = port.ValueKind == JsonValueKind.Object ? Text(port, "type") ?? "any" : "any";
            PortType type = PortTypeOf(typeName) ?? throw new ScriptException(
                $"{name}: {where} has type '{typeName}'; expected one of any, flow, null, boolean, integer, float (or number), string, bytes, array, object, error", file: name);
            try
            {
                ports[i++] = new PortDefinition(portName ?? throw new ScriptException($"{name}: {where} has no name", file: name), type,
                    port.ValueKind == JsonValueKind.Object ? Text(port, "description") ?? "" : "",
                    port.ValueKind == JsonValueKind.Object && port.TryGetProperty("required", out JsonElement r) && r.ValueKind == JsonValueKind.True);
            }
            catch (ArgumentException ex)
            {
                throw new ScriptException($"{name}: {where}: {ex.Message}", file: name, innerException: ex);
            }
        }

        return ports;
    }

    private static PortType? PortTypeOf(string type) => type.ToLowerInvariant() switch
    {
        "any" or "*" or "all" => PortType.Any,
        "flow" or "bang" => PortType.Flow,
        "null" or "none" => PortType.Null,
        "boolean" or "bool" => PortType.Boolean,
        "integer" or "int" => PortType.Integer,
        "float" or "number" => PortType.Float,
        "string" or "str" => PortType.String,
        "bytes" or "buffer" => PortType.Bytes,
        "array" or "list" => PortType.Array,
        "object" or "dict" => PortType.Object,
        "error" => PortType.Error,
        _ => null,
    };

    private static string? Text(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;
}
