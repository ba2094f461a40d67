namespace Reflow.Fuzz.Tests;

/// <summary>The binary seeds are what today's encoders make: a changed format must come with regenerated seeds.</summary>
public sealed class SeedCorpusTests
{
    [Fact]
    public void The_checked_in_binary_seeds_are_what_the_encoders_write_now()
    {
        string fresh = Path.Combine(Path.GetTempPath(), "reflow-fuzz-seeds-" + Guid.NewGuid().ToString("N"));
        try
        {
            SeedWriter.Write(fresh);
            string[] written = Directory.GetFiles(fresh, "*", SearchOption.AllDirectories);
            Assert.True(written.Length > 40, $"only {written.Length} seeds written");
            foreach (string file in written)
            {
                string relative = Path.GetRelativePath(fresh, file);
                string checkedIn = Path.Combine(FuzzInputs.Corpus, relative);
                Assert.True(File.Exists(checkedIn), $"fuzz/corpus/{relative} is missing: run Reflow.Fuzz --write-seeds fuzz/corpus");
                Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(checkedIn)),
                    $"fuzz/corpus/{relative} differs from what the encoder writes now: run Reflow.Fuzz --write-seeds fuzz/corpus");
            }
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }
}
