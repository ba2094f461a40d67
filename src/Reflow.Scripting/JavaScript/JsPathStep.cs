namespace Reflow.Scripting.JavaScript;

/// <summary>One step of the path to a value inside one a script sends: an object's key, or (no key) an array's index.</summary>
internal readonly record struct JsPathStep(string? Key, int Index);
