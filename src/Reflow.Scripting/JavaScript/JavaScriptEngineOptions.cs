using Jint;
using Jint.Runtime.Modules;

namespace Reflow.Scripting.JavaScript;

/// <summary>The Jint options of every engine the runtime makes: the node's limits, always the stack guard, never CLR access.</summary>
internal static class JavaScriptEngineOptions
{
    public static void Apply(Options options, ScriptLimits limits, IModuleLoader? moduleLoader)
    {
        // The stack guard turns a recursion too deep for the thread into a script error (DESIGN §5): without it a
        // script could overflow the pool thread's stack and end the process, which no catch survives.
        options.Constraints.StackOverflowGuard = true;
        options.LimitRecursion(limits.MaxRecursion);
        if (limits.Timeout is TimeSpan timeout)
        {
            options.TimeoutInterval(timeout); // re-armed by Jint at every top-level call
        }

        if (limits.MemoryBytes is long bytes)
        {
            options.LimitMemory(bytes);
        }

        if (limits.MaxStatements is long statements)
        {
            options.MaxStatements((int)Math.Min(statements, int.MaxValue));
        }

        options.Strict = true; // modules are strict anyway; scripts evaluated on their own are too
        if (moduleLoader is not null)
        {
            options.EnableModules(moduleLoader);
        }
    }
}
