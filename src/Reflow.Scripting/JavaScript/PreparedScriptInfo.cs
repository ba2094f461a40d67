namespace Reflow.Scripting.JavaScript;

/// <summary>Where a script comes from, as modules and errors name it.</summary>
/// <param name="Location">The module's name in stack traces: the file's full path, or the inline source's display name.</param>
/// <param name="DisplayName">How errors name the script.</param>
/// <param name="Directory">Where its imports are looked up from.</param>
/// <param name="Scope">Where its imports may come from.</param>
internal readonly record struct PreparedScriptInfo(string Location, string DisplayName, string Directory, ModuleScope Scope);
