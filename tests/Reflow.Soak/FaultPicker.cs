namespace Reflow.Soak;

/// <summary>
/// Picks the fault marker of a message: a throw or a first-attempt throw aimed at one relay, or a script fault.
/// Expensive faults (a loop that waits for a time limit, a worker that exits) have a small budget per graph.
/// </summary>
internal sealed class FaultPicker(Random random, IReadOnlyList<string> relays, IReadOnlySet<NodeKind> kinds)
{
    private int _javaScriptLoops = 2;
    private int _pythonLoops = random.NextDouble() < 0.3 ? 1 : 0;
    private int _pythonExits = 3;

    public string Next()
    {
        var choices = new List<string>();
        foreach (string relay in relays)
        {
            choices.Add($"throw@{relay}");
            choices.Add($"flaky@{relay}");
        }

        if (kinds.Contains(NodeKind.JavaScript))
        {
            choices.Add("jsthrow");
            choices.Add("jsthrow");
            if (_javaScriptLoops > 0)
            {
                choices.Add("jsloop");
            }
        }

        if (kinds.Contains(NodeKind.Python))
        {
            choices.Add("pythrow");
            choices.Add("pythrow");
            if (_pythonLoops > 0)
            {
                choices.Add("pyloop");
            }

            if (_pythonExits > 0)
            {
                choices.Add("pyexit");
            }
        }

        if (kinds.Contains(NodeKind.Wasm))
        {
            choices.Add("~trap");
            choices.Add("~trap");
        }

        string fault = choices[random.Next(choices.Count)];
        switch (fault)
        {
            case "jsloop": _javaScriptLoops--; break;
            case "pyloop": _pythonLoops--; break;
            case "pyexit": _pythonExits--; break;
        }

        return fault;
    }
}
