namespace Reflow.Scripting;

/// <summary>
/// A script language, as the script host sees it: the contract every runtime implements (JavaScript and TypeScript on
/// Jint first; WebAssembly and Python next), so a host can plug in a runtime of its own.
/// </summary>
/// <remarks>
/// <para>The contract has three steps, as the original's script engines had (initialised with a configuration,
/// called with a context, cleaned up): <see cref="Describe"/> reads a script's own declaration of its ports and
/// settings once per source; <see cref="CreateEngine"/> makes one <see cref="ScriptEngine"/> per node, which is
/// started with the node's <see cref="ScriptContext"/>, called for each message (or batch), and disposed.</para>
/// <para>The host runs every engine of a runtime on the runtime's execution pool (<see cref="Pool"/>), never on a
/// worker: an engine may block, and a slow or hung script stalls no native actor. An engine is used by one thread at
/// a time. A runtime itself may be used from several threads (several loads, several pool threads).</para>
/// <para>Failures: a script that does not parse or declares itself wrongly makes <see cref="Describe"/> throw a
/// <see cref="ScriptException"/> (the load reports it for the node); one that throws or hits a limit while running
/// makes the engine throw a <see cref="ScriptException"/> (or <see cref="ScriptLimitException"/>), which fails the
/// actor under the node's supervision policy with the script's own stack trace.</para>
/// </remarks>
public abstract class ScriptRuntime
{
    /// <summary>The language's name, lower case: <c>javascript</c>. Names the <c>[runtimes.NAME]</c> configuration table.</summary>
    public abstract string Language { get; }

    /// <summary>
    /// The component names whose source is given in the node's settings (<c>source</c> inline, or <c>file</c>):
    /// <c>script/javascript</c>, <c>script/typescript</c>.
    /// </summary>
    public abstract IReadOnlyList<string> ComponentNames { get; }

    /// <summary>The file endings a graph may name as a component directly (<c>.js</c>, <c>.mjs</c>, <c>.ts</c>).</summary>
    public abstract IReadOnlyList<string> FileExtensions { get; }

    /// <summary>The execution pool the runtime's actors run on; the pool is made when the host does not size it. Default <see cref="Language"/>.</summary>
    public virtual string Pool => Language;

    /// <summary>What <c>reflow components</c> says about one of <see cref="ComponentNames"/>.</summary>
    public virtual string DescribeComponent(string componentName) =>
        $"A {Language} script: its ports and settings are those the script declares. Settings: source (inline) or file, permissions, timeout, memory_limit, max_statements, max_recursion.";

    /// <summary>
    /// Reads the script's declaration (its name, ports and configuration schema) and prepares what nodes running the
    /// same source share (a parsed program). Called once per source and load; may be called from any thread.
    /// </summary>
    /// <exception cref="ScriptException">The script does not parse, or its declaration is missing or wrong; the message says where.</exception>
    public abstract ScriptDeclaration Describe(ScriptSource source);

    /// <summary>Makes the engine of one node (a restart makes another). <paramref name="declaration"/> is what <see cref="Describe"/> returned for <paramref name="source"/>.</summary>
    public abstract ScriptEngine CreateEngine(ScriptSource source, ScriptDeclaration declaration);
}
