namespace Reflow.Fuzz.Tests;

/// <summary>
/// Every seed and every past finding goes through the same check AFL runs (the documented exception only, allocation
/// within the bound): a crash AFL found stays fixed once its input is under fuzz/regressions/&lt;target&gt;.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string, string> CorpusFiles => FuzzInputs.Under(FuzzInputs.Corpus);

    public static TheoryData<string, string> RegressionFiles => FuzzInputs.Under(FuzzInputs.Regressions);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void A_seed_passes_its_targets_check(string target, string file) => Replay(target, file);

    [Theory]
    [MemberData(nameof(RegressionFiles))]
    public void A_past_finding_passes_its_targets_check(string target, string file) => Replay(target, file);

    [Fact]
    public void Every_target_has_seeds_and_every_input_folder_names_a_target()
    {
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            string seeds = Path.Combine(FuzzInputs.Corpus, target.Name);
            Assert.True(Directory.Exists(seeds) && Directory.GetFiles(seeds).Length >= 3, $"fuzz/corpus/{target.Name} needs at least 3 seeds");
        }

        foreach (string root in new[] { FuzzInputs.Corpus, FuzzInputs.Regressions })
        {
            foreach (string folder in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
            {
                Assert.True(FuzzTargets.Find(Path.GetFileName(folder)) is not null, $"{folder} is not the name of a fuzz target");
            }
        }
    }

    private static void Replay(string target, string file)
    {
        FuzzTarget fuzzTarget = FuzzTargets.Find(target) ?? throw new InvalidOperationException($"{target} is not a fuzz target");
        byte[] input = File.ReadAllBytes(Path.Combine(FuzzInputs.FuzzFolder, file));

        // Twice: the first run of a parser in this process pays its one-time setup, the second shows what one input costs.
        AllocationGuard.Check(fuzzTarget, input);
        AllocationGuard.Check(fuzzTarget, input);
    }
}
