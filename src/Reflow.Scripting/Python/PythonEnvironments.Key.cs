using System.Security.Cryptography;
using System.Text;

namespace Reflow.Scripting.Python;

internal sealed partial class PythonEnvironments
{
    /// <summary>
    /// 16 hex of the sha256 of the interpreter's path and version, the sorted requirements (a requirements file counts
    /// by its requirement lines, so editing it makes a new environment) and the system_site_packages flag.
    /// </summary>
    internal static string Key(PythonInterpreter interpreter, PythonEnvironmentSpec spec)
    {
        var requirements = new List<string>();
        foreach (string requirement in spec.Requirements)
        {
            requirements.Add(requirement.Trim());
        }

        if (spec.RequirementsFile is not null)
        {
            requirements.AddRange(ReadRequirements(spec.RequirementsFile));
        }

        requirements.Sort(StringComparer.Ordinal);
        var text = new StringBuilder()
            .Append(interpreter.Executable).Append('\n')
            .Append(interpreter.Version).Append('\n')
            .AppendJoin('\n', requirements).Append('\n')
            .Append(spec.SystemSitePackages ? "system_site_packages" : "isolated");
        if (spec.Owner is not null)
        {
            text.Append('\n').Append("owner: ").Append(spec.Owner);
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private static string Describe(PythonInterpreter interpreter, PythonEnvironmentSpec spec) =>
        $"interpreter: {interpreter}\nrequirements: {string.Join(' ', spec.Requirements)}\nrequirements_file: {spec.RequirementsFile}\n" +
        $"wheels: {spec.Wheels}\nsystem_site_packages: {spec.SystemSitePackages}\n";

    private static IEnumerable<string> ReadRequirements(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptException($"requirements_file '{file}' could not be read: {e.Message}");
        }

        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                yield return trimmed;
            }
        }
    }
}
