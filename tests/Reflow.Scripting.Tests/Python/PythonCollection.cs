namespace Reflow.Scripting.Tests.Python;

/// <summary>The Python tests that start workers run one at a time: the machine is small, and the orphan checks count processes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PythonCollection
{
    public const string Name = "python workers";
}
