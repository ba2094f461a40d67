using Reflow.Cli.Running;
using Reflow.Messages;

namespace Reflow.Cli.Tests;

/// <summary>A bracket reaching an exported out-port: printed, never crashing the report or passing for a value.</summary>
public sealed class RunReportBracketTests
{
    [Fact]
    public void Text_output_names_the_bracket_and_its_value()
    {
        var output = new StringWriter { NewLine = "\n" };
        var report = new RunReport(OutputFormat.Text, output, new StringWriter());

        report.Value("out", Message.OpenBracket(Message.String("g1")));
        report.Value("out", Message.Integer(3));
        report.Value("out", Message.CloseBracket());

        Assert.Equal("out: OpenBracket \"g1\"\nout: 3\nout: CloseBracket\n", output.ToString());
    }

    [Fact]
    public void Json_output_marks_brackets_with_a_property_of_their_own()
    {
        var output = new StringWriter { NewLine = "\n" };
        var report = new RunReport(OutputFormat.Json, output, new StringWriter());

        report.Value("out", Message.OpenBracket());
        report.Value("out", Message.OpenBracket(Message.Object(new KeyValuePair<string, Message>("day", Message.Integer(3)))));
        report.Value("out", Message.Integer(3));
        report.Value("out", Message.CloseBracket(Message.Null));

        Assert.Equal(
            "{\"port\":\"out\",\"bracket\":\"open\"}\n"
            + "{\"port\":\"out\",\"bracket\":\"open\",\"value\":{\"day\":3}}\n"
            + "{\"port\":\"out\",\"value\":3}\n"
            + "{\"port\":\"out\",\"bracket\":\"close\",\"value\":null}\n",
            output.ToString());
    }
}
