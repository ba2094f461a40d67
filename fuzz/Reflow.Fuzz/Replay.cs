namespace Reflow.Fuzz;

/// <summary>Runs saved inputs (a crash from fuzz/findings, a corpus file) through a target's check outside AFL.</summary>
internal static class Replay
{
    /// <summary>Checks each file; prints "ok" with the bytes allocated, or the finding; 1 when any was a finding.</summary>
    public static int Files(FuzzTarget target, IEnumerable<string> files, TextWriter output)
    {
        int findings = 0;
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            try
            {
                long allocated = AllocationGuard.Check(target, input);
                output.WriteLine($"ok       {file} ({input.Length} bytes, allocated {allocated})");
            }
            catch (Exception ex)
            {
                findings++;
                output.WriteLine($"FINDING  {file} ({input.Length} bytes): {ex}");
            }
        }

        return findings == 0 ? 0 : 1;
    }
}
