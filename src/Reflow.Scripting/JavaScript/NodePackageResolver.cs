using System.Text.Json;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Finds the file an <c>import</c> names: a relative or absolute path, or a bare specifier resolved the way Node.js
/// resolves an ES module package: <c>node_modules/NAME</c> in the importing file's directory or any above it, then
/// its <c>package.json</c>'s <c>exports</c> (conditions <c>import</c>, <c>module</c>, <c>default</c>), else
/// <c>module</c>, else <c>main</c>, else <c>index.js</c>. Packages must be ES modules (CommonJS is not loaded).
/// </summary>
internal static class NodePackageResolver
{
    private static readonly string[] Conditions = ["import", "module", "default"];

    /// <summary>The file <paramref name="specifier"/> names, imported from a module in <paramref name="directory"/>; only inside <paramref name="scope"/>.</summary>
    /// <exception cref="ScriptException">Nothing is found, or the file is outside <paramref name="scope"/> (checked before it is looked for); the message says what was looked for and where.</exception>
    public static string Resolve(string specifier, string directory, string importer, ModuleScope scope)
    {
        if (specifier.Length == 0)
        {
            throw new ScriptException($"{importer}: an import names no module");
        }

        if (specifier.StartsWith("file:", StringComparison.Ordinal) && Uri.TryCreate(specifier, UriKind.Absolute, out Uri? uri))
        {
            return File(uri.LocalPath, specifier, importer, scope);
        }

        if (specifier[0] == '.' || Path.IsPathRooted(specifier))
        {
            return File(Path.GetFullPath(specifier, directory), specifier, importer, scope);
        }

        (string name, string subpath) = Split(specifier);
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string package = Path.Combine(dir, "node_modules", name);
            if (Directory.Exists(package))
            {
                return InPackage(package, subpath, specifier, importer, scope);
            }
        }

        throw new ScriptException(
            $"{importer}: cannot find the package '{name}' (imported as '{specifier}'): no node_modules/{name} in {directory} or any folder above it; install it with npm next to the script");
    }

    private static (string Name, string Subpath) Split(string specifier)
    {
        int slash = specifier.IndexOf('/', StringComparison.Ordinal);
        if (specifier[0] == '@' && slash > 0)
        {
            slash = specifier.IndexOf('/', slash + 1);
        }

        return slash < 0 ? (specifier, ".") : (specifier[..slash], "." + specifier[slash..]);
    }

    private static string InPackage(string package, string subpath, string specifier, string importer, ModuleScope scope)
    {
        string manifest = Path.Combine(package, "package.json");
        if (System.IO.File.Exists(manifest))
        {
            using JsonDocument json = JsonDocument.Parse(System.IO.File.ReadAllText(manifest));
            JsonElement root = json.RootElement;
            if (root.TryGetProperty("exports", out JsonElement exports))
            {
                string? target = Exported(exports, subpath);
                return target is not null
                    ? File(Path.GetFullPath(target, package), specifier, importer, scope)
                    : throw new ScriptException($"{importer}: the package at {package} does not export '{subpath}' for import (its package.json \"exports\" has no such entry)");
            }

            if (subpath == ".")
            {
                foreach (string field in (ReadOnlySpan<string>)["module", "main"])
                {
                    if (root.TryGetProperty(field, out JsonElement entry) && entry.ValueKind == JsonValueKind.String)
                    {
                        return File(Path.GetFullPath(entry.GetString()!, package), specifier, importer, scope);
                    }
                }
            }
        }

        return File(Path.GetFullPath(subpath == "." ? "index.js" : subpath, package), specifier, importer, scope);
    }

    private static string? Exported(JsonElement exports, string subpath)
    {
        if (exports.ValueKind == JsonValueKind.String || (exports.ValueKind == JsonValueKind.Object && !HasSubpathKeys(exports)))
        {
            return subpath == "." ? Target(exports) : null;
        }

        if (exports.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (exports.TryGetProperty(subpath, out JsonElement exact))
        {
            return Target(exact);
        }

        foreach (JsonProperty pattern in exports.EnumerateObject())
        {
            int star = pattern.Name.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0 && subpath.StartsWith(pattern.Name[..star], StringComparison.Ordinal) && subpath.EndsWith(pattern.Name[(star + 1)..], StringComparison.Ordinal)
                && subpath.Length >= pattern.Name.Length - 1)
            {
                string matched = subpath[star..(subpath.Length - (pattern.Name.Length - star - 1))];
                return Target(pattern.Value)?.Replace("*", matched, StringComparison.Ordinal);
            }
        }

        return null;
    }

    private static bool HasSubpathKeys(JsonElement exports)
    {
        foreach (JsonProperty property in exports.EnumerateObject())
        {
            return property.Name.StartsWith('.');
        }

        return false;
    }

    private static string? Target(JsonElement target)
    {
        switch (target.ValueKind)
        {
            case JsonValueKind.String:
                return target.GetString();
            case JsonValueKind.Array:
                foreach (JsonElement item in target.EnumerateArray())
                {
                    if (Target(item) is string found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (string condition in Conditions)
                {
                    if (target.TryGetProperty(condition, out JsonElement conditional) && Target(conditional) is string found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string File(string path, string specifier, string importer, ModuleScope scope)
    {
        // Out of scope is refused before anything is looked for, so an import cannot even tell whether a file exists.
        scope.Check(path, specifier, importer);
        if (System.IO.File.Exists(path))
        {
            return scope.Check(path, specifier, importer);
        }

        foreach (string candidate in (ReadOnlySpan<string>)[path + ".js", path + ".mjs", Path.Combine(path, "index.js"), Path.Combine(path, "index.mjs")])
        {
            if (System.IO.File.Exists(candidate))
            {
                return scope.Check(candidate, specifier, importer);
            }
        }

        throw new ScriptException($"{importer}: cannot find the module '{specifier}' (looked for {path})");
    }
}
