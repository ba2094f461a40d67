using Reflow.Fuzz;
using SharpFuzz;

// Reflow.Fuzz <target>            under afl-fuzz: SharpFuzz's loop (input on standard input or AFL's file)
// Reflow.Fuzz <target> FILE...    replays files through the same check, prints each one's result (exit 1 on a finding)
// Reflow.Fuzz --write-seeds DIR   writes the binary targets' seed files (encoded messages and frames) under DIR/<target>
if (args is ["--write-seeds", string corpus])
{
    SeedWriter.Write(corpus);
    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: Reflow.Fuzz <target> [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    if (args.Length > 0)
    {
        Console.Error.WriteLine($"'{args[0]}' is not a target.");
    }

    return 2;
}

if (args.Length > 1)
{
    return Replay.Files(target, args[1..], Console.Out);
}

// Out of process: a stack overflow or a hang in the parser kills only SharpFuzz's child, which it restarts, and AFL
// records the input as a crash or hang; in process it would kill the fork server and end the run (see fuzz/README.md).
Fuzzer.OutOfProcess.Run(stream => AllocationGuard.Check(target, InputReader.ReadAll(stream)));
return 0;
