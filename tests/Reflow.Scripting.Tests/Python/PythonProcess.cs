using System.Diagnostics;

namespace Reflow.Scripting.Tests.Python;

/// <summary>Runs the real python3 with bytes on stdin, for checking the host's marshal against Python's own.</summary>
internal static class PythonProcess
{
    /// <summary>Python reads the bytes with marshal and writes them back as marshal version 2.</summary>
    public const string RoundTrip = "import sys, marshal; sys.stdout.buffer.write(marshal.dumps(marshal.loads(sys.stdin.buffer.read()), 2))";

    public static byte[] Run(string code, byte[] input)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("python3 did not finish in 30 s");
        }

        copy.Wait(30_000);
        Assert.True(process.ExitCode == 0, $"python3 exited with {process.ExitCode}: {errors.Result}");
        return output.ToArray();
    }
}
