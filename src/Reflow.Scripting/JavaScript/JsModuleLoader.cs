using System.Collections.Concurrent;
using Jint;
using Jint.Runtime.Modules;
using AstModule = Acornima.Ast.Module;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Loads one engine's modules: its own script (prepared once per source by the runtime) and the files it imports,
/// relative (<c>./util.js</c>) or bare (<c>lodash-es</c>, <c>date-fns/addDays</c>) from a <c>node_modules</c> folder
/// found walking up from the importing file's directory (<see cref="NodePackageResolver"/>), and nothing outside the
/// script's <see cref="ModuleScope"/>: an import is not a way to read a file the node is not granted.
/// </summary>
/// <remarks>
/// Imported files are parsed once per process and file version (path, size and time of last write) and shared by
/// every engine: an engine builds its own module record from the shared parse, as it does for its script.
/// </remarks>
internal sealed class JsModuleLoader(PreparedScript root) : IModuleLoader
{
    private static readonly ConcurrentDictionary<string, (DateTime Written, long Length, Prepared<AstModule> Module)> Files = new(StringComparer.Ordinal);

    public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest)
    {
        string specifier = moduleRequest.Specifier;
        if (referencingModuleLocation is null && specifier == root.Location)
        {
            return new ResolvedSpecifier(moduleRequest, root.Location, null, SpecifierType.Bare);
        }

        string directory = referencingModuleLocation is null || referencingModuleLocation == root.Location
            ? root.Directory
            : Path.GetDirectoryName(referencingModuleLocation) ?? root.Directory;
        string path = NodePackageResolver.Resolve(specifier, directory, referencingModuleLocation == root.Location ? root.DisplayName : referencingModuleLocation ?? root.DisplayName, root.Scope);
        return new ResolvedSpecifier(moduleRequest, path, new Uri(path), SpecifierType.RelativeOrAbsolute);
    }

    public Jint.Runtime.Modules.Module LoadModule(Engine engine, ResolvedSpecifier resolved)
    {
        if (resolved.Uri is null)
        {
            return ModuleFactory.BuildSourceTextModule(engine, root.Module);
        }

        string path = resolved.Uri.LocalPath;
        if (resolved.ModuleRequest.IsJsonModule())
        {
            return ModuleFactory.BuildJsonModule(engine, resolved, File.ReadAllText(path));
        }

        return ModuleFactory.BuildSourceTextModule(engine, Prepare(path));
    }

    private static Prepared<AstModule> Prepare(string path)
    {
        var file = new FileInfo(path);
        if (Files.TryGetValue(path, out var known) && known.Written == file.LastWriteTimeUtc && known.Length == file.Length)
        {
            return known.Module;
        }

        Prepared<AstModule> module = JsErrors.PrepareModule(File.ReadAllText(path), path, Path.GetFileName(path));
        Files[path] = (file.LastWriteTimeUtc, file.Length, module);
        return module;
    }
}
