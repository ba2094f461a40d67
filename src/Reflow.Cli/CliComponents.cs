using Reflow.Components;
using Reflow.Configuration;
using Reflow.Networks;
using Reflow.Permissions;
using Reflow.Scripting;
using Reflow.Scripting.JavaScript;
using Reflow.Scripting.Python;
using Reflow.Scripting.Wasm;

namespace Reflow.Cli;

/// <summary>The components <c>reflow</c> offers graphs: the standard library and the script runtimes (graph files name their subgraphs themselves).</summary>
internal static class CliComponents
{
    /// <summary>A registry of the standard components; <paramref name="output"/> is where <c>core/Output</c> writes.</summary>
    public static ComponentRegistry Create(TextWriter output) =>
        new ComponentRegistry().AddStandardComponents(new StandardComponentsOptions { Output = output });

    /// <summary>
    /// Adds each script runtime that <paramref name="options"/> enables (<c>[runtimes.NAME] enabled</c>) and the
    /// registry does not have yet, with its grant (<c>[runtimes.NAME] permissions</c> and the run's explicit grants:
    /// see <see cref="PermissionFlags"/>) and limits (<c>timeout</c>, <c>memory_limit</c>).
    /// </summary>
    /// <exception cref="CliUsageException">A runtime's permissions or memory_limit cannot be read.</exception>
    public static ComponentRegistry AddScripting(ComponentRegistry registry, ReflowOptions options)
    {
        foreach ((ScriptRuntime runtime, RuntimeOptions settings) in Runtimes(options))
        {
            if (settings.Enabled && !runtime.ComponentNames.Any(registry.Contains))
            {
                registry.AddScriptRuntime(runtime, ScriptingOptionsOf(runtime.Language, settings));
            }
        }

        return registry;
    }

    private static IEnumerable<(ScriptRuntime Runtime, RuntimeOptions Settings)> Runtimes(ReflowOptions options) =>
        [
            (new JavaScriptRuntime(), options.Runtimes.JavaScript),
            (new PythonRuntime(PythonOptionsOf(options.Runtimes.Python)), options.Runtimes.Python),
            (new WasmRuntime(), options.Runtimes.Wasm),
        ];

    /// <summary><c>[runtimes.python]</c> as the Python runtime takes it.</summary>
    /// <exception cref="CliUsageException"><c>use_docker = true</c> (not supported: the message says what to use), or a sandbox name that is not one.</exception>
    internal static PythonRuntimeOptions PythonOptionsOf(RuntimeOptions settings)
    {
        if (settings.Enabled && settings.UseDocker)
        {
            throw new CliUsageException(
                "[runtimes.python] use_docker = true is not supported: each Python node runs in a worker process of its own, sandboxed with bubblewrap " +
                "(sandbox = \"auto\"); for packages set requirements, requirements_file or system_site_packages instead of a container image");
        }

        if (settings.Sandbox is { } sandbox && sandbox is not ("auto" or "bubblewrap" or "none"))
        {
            throw new CliUsageException($"[runtimes.python] sandbox must be \"auto\", \"bubblewrap\" or \"none\", not \"{sandbox}\"");
        }

        return new PythonRuntimeOptions
        {
            Interpreter = settings.Interpreter,
            MaxRestarts = settings.MaxRestarts,
            Sandbox = settings.Sandbox ?? "auto",
            Requirements = settings.Requirements,
            RequirementsFile = settings.RequirementsFile is { } file ? Path.GetFullPath(file) : null, // from the current directory, as [permissions] paths
            Wheels = settings.Wheels is { } wheels ? Path.GetFullPath(wheels) : null,
            SystemSitePackages = settings.SystemSitePackages,
            SharedEnvironment = settings.SharedEnvironment,
        };
    }

    /// <summary>A runtime's table as the script host takes it; unset limits keep the host's defaults, <c>"0"</c> lifts one.</summary>
    internal static ScriptingOptions ScriptingOptionsOf(string language, RuntimeOptions settings)
    {
        try
        {
            long? memory = settings.MemoryLimitBytes;
            return new ScriptingOptions
            {
                Permissions = PermissionSet.FromFlags(settings.Permissions),
                Limits = ScriptLimits.Default with
                {
                    Timeout = settings.Timeout is { } timeout ? timeout == TimeSpan.Zero ? null : timeout : ScriptLimits.Default.Timeout,
                    MemoryBytes = memory is { } bytes ? bytes == 0 ? null : bytes : ScriptLimits.Default.MemoryBytes,
                },
            };
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new CliUsageException($"[runtimes.{language}]: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
        }
    }
}
