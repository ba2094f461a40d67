using Reflow.Messages;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Io;

/// <summary>
/// How to run one standard component that touches files, for the permission matrix: the permission it needs, the file
/// it reads (with its content) or writes, where the path goes (the <c>path</c> setting, or the <c>path</c> in-port),
/// what it is sent, and what success looks like (a reader's <c>done</c> count, a writer's file).
/// </summary>
internal sealed record FileComponentCase(
    string Component, PermissionKind Kind, string FileName, string? Content = null, bool PathFromPort = false,
    string? InputJson = null, long ExpectedDone = 0, string? ExpectedFile = null)
{
    /// <summary>Every component under src/Reflow.Components/Io: each opens a path it must be granted.</summary>
    public static IReadOnlyList<FileComponentCase> All { get; } =
    [
        new("io/ReadLines", PermissionKind.Read, "in.txt", "a\nb\n", ExpectedDone: 2),
        new("io/ReadBytes", PermissionKind.Read, "in.bin", "abc", ExpectedDone: 3),
        new("io/ReadLinesFrom", PermissionKind.Read, "in.txt", "a\nb\n", PathFromPort: true, ExpectedDone: 2),
        new("csv/Read", PermissionKind.Read, "in.csv", "x,y\n1,2\n", ExpectedDone: 1),
        new("jsonl/Read", PermissionKind.Read, "in.jsonl", "{\"n\":1}\n{\"n\":2}\n", ExpectedDone: 2),
        new("io/WriteFile", PermissionKind.Write, "out.txt", InputJson: "\"x\"", ExpectedFile: "x\n"),
        new("csv/Write", PermissionKind.Write, "out.csv", InputJson: """{"x":1,"y":"b"}""", ExpectedFile: "x,y\n1,b\n"),
        new("jsonl/Write", PermissionKind.Write, "out.jsonl", InputJson: """{"n":1}""", ExpectedFile: "{\"n\":1}\n"),
    ];

    public static TheoryData<string> Names => [.. All.Select(c => c.Component)];

    public static FileComponentCase Named(string component) => All.Single(c => c.Component == component);

    public bool Reads => Kind == PermissionKind.Read;

    /// <summary>The flag that grants this component's access to <paramref name="path"/>.</summary>
    public string Flag(string path) => $"{PermissionSet.FlagName(Kind)}={path}";

    /// <summary>The grant of the other kind on the same directory: what does not let this component through.</summary>
    public PermissionSet OtherKind(string directory) => Reads ? PermissionSet.None.WithWrite(directory) : PermissionSet.None.WithRead(directory);

    /// <summary>The grant of this component's kind on <paramref name="directory"/> only.</summary>
    public PermissionSet Exact(string directory) => Reads ? PermissionSet.None.WithRead(directory) : PermissionSet.None.WithWrite(directory);

    /// <summary>Writes the input file (readers) and returns the full path the component is given.</summary>
    public string Prepare(TempDirectory temp)
    {
        string path = temp.File(FileName);
        if (Content is not null)
        {
            File.WriteAllText(path, Content);
        }

        return path;
    }

    /// <summary>The node's settings for a run built in code.</summary>
    public string Config(string path) => PathFromPort ? "{}" : $$"""{"path":{{MessageJson.ToJson(Message.String(path))}}}""";

    /// <summary>What a run built in code sends.</summary>
    public (string Port, Message[] Messages)[] Inputs(string path) =>
        PathFromPort ? [("path", [Message.String(path)])]
        : InputJson is not null ? [("in", [MessageJson.Parse(InputJson)])]
        : [];

    /// <summary>The graph (NoFlo JSON) of one node <c>n</c> whose own grant is <paramref name="permissionsJson"/>, its path relative to the graph file.</summary>
    public string Graph(string permissionsJson)
    {
        string path = MessageJson.ToJson(Message.String(FileName));
        string settings = PathFromPort ? $$"""{"permissions":{{permissionsJson}}}""" : $$"""{"path":{{path}},"permissions":{{permissionsJson}}}""";
        string? initial = PathFromPort ? $$$"""{"data":{{{path}}},"tgt":{"process":"n","port":"path"}}"""
            : InputJson is not null ? $$$"""{"data":{{{InputJson}}},"tgt":{"process":"n","port":"in"}}"""
            : null;
        string outports = Reads
            ? """{"done":{"process":"n","port":"done"},"error":{"process":"n","port":"error"}}"""
            : """{"error":{"process":"n","port":"error"}}""";
        return $$"""
            {
              "processes": { "n": { "component": "{{Component}}", "metadata": {{settings}} } },
              "connections": [ {{initial}} ],
              "outports": {{outports}}
            }
            """;
    }
}
