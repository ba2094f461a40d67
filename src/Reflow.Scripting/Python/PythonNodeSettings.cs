using System.Globalization;
using Reflow.Messages;

namespace Reflow.Scripting.Python;

/// <summary>One node's Python settings: its own (the node's metadata) over the runtime's <see cref="PythonRuntimeOptions"/>.</summary>
internal sealed record PythonNodeSettings(
    string Interpreter,
    int MaxRestarts,
    string Sandbox,
    IReadOnlyList<string> Requirements,
    string? RequirementsFile,
    string? Wheels,
    bool SystemSitePackages,
    bool SharedEnvironment)
{
    /// <summary>What the original's <c>use_docker</c> becomes here, for its error.</summary>
    public const string UseDockerRefusal =
        "use_docker is not supported: Reflow for .NET runs each Python node in a worker process of its own, sandboxed with bubblewrap " +
        "(sandbox = \"auto\"); for packages set requirements, requirements_file or system_site_packages instead of a container image";

    /// <exception cref="ScriptException">A setting has the wrong type, or <c>use_docker</c> is true.</exception>
    public static PythonNodeSettings Read(PythonRuntimeOptions options, MessageObject node, string name)
    {
        if (Flag(node, "use_docker", name) == true)
        {
            throw new ScriptException($"{name}: {UseDockerRefusal}", file: name);
        }

        string sandbox = Text(node, "sandbox", name) ?? options.Sandbox;
        if (sandbox is not ("auto" or "bubblewrap" or "none"))
        {
            throw Invalid(name, "sandbox", "\"auto\", \"bubblewrap\" or \"none\"", sandbox);
        }

        return new PythonNodeSettings(
            Text(node, "interpreter", name) ?? options.Interpreter ?? PythonInterpreter.Default,
            Count(node, "max_restarts", name) ?? options.MaxRestarts,
            sandbox,
            List(node, "requirements", name) ?? options.Requirements,
            Text(node, "requirements_file", name) ?? options.RequirementsFile,
            Text(node, "wheels", name) ?? options.Wheels,
            Flag(node, "system_site_packages", name) ?? options.SystemSitePackages,
            Flag(node, "shared_environment", name) ?? options.SharedEnvironment);
    }

    /// <summary>A boolean setting: true or false (a .fbp setting gives the text "true").</summary>
    private static bool? Flag(MessageObject node, string key, string name) =>
        !node.TryGetValue(key, out Message value) ? null
        : value.TryGetBoolean(out bool flag) ? flag
        : value.TryGetString(out string? text) && bool.TryParse(text, out flag) ? flag
        : throw Invalid(name, key, "true or false", value.ToString());

    private static string? Text(MessageObject node, string key, string name) =>
        !node.TryGetValue(key, out Message value) ? null
        : value.TryGetString(out string? text) && text.Length > 0 ? text
        : throw Invalid(name, key, "a non-empty string", value.ToString());

    private static int? Count(MessageObject node, string key, string name) =>
        !node.TryGetValue(key, out Message value) ? null
        : value.TryGetInteger(out long n) && n is >= 0 and <= int.MaxValue ? (int)n
        : value.TryGetString(out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed
        : throw Invalid(name, key, "a whole number of at least 0", value.ToString());

    private static string[]? List(MessageObject node, string key, string name)
    {
        if (!node.TryGetValue(key, out Message value))
        {
            return null;
        }

        if (value.TryGetString(out string? one))
        {
            return [one];
        }

        if (!value.TryGetArray(out var items))
        {
            throw Invalid(name, key, "a list of strings", value.ToString());
        }

        var list = new string[items.Length];
        for (int i = 0; i < list.Length; i++)
        {
            list[i] = items[i].TryGetString(out string? text) ? text : throw Invalid(name, key, "a list of strings", value.ToString());
        }

        return list;
    }

    private static ScriptException Invalid(string name, string key, string expected, string value) =>
        new($"{name}: the setting '{key}' must be {expected}, not {value}", file: name);
}
