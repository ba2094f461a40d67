using Jint;
using AstModule = Acornima.Ast.Module;

namespace Reflow.Scripting.JavaScript;

/// <summary>A script parsed once and shared by every node that runs the same source (engines build their module records from it).</summary>
/// <param name="Module">The parsed module.</param>
/// <param name="Location">The module's name in stack traces: the file's full path, or the inline source's display name.</param>
/// <param name="DisplayName">How errors name the script.</param>
/// <param name="Directory">Where its relative imports and bare packages are looked up from.</param>
/// <param name="Declaration">What it declares.</param>
/// <param name="Scope">Where its imports may come from.</param>
internal sealed record PreparedScript(Prepared<AstModule> Module, string Location, string DisplayName, string Directory, ScriptDeclaration Declaration, ModuleScope Scope);
