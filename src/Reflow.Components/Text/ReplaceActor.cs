using System.Text.RegularExpressions;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Replace: replaces the matches of a regular expression (or a literal text) in Strings.</summary>
[Component("text/Replace", Description = "Replaces every match of 'pattern' in each String with 'replacement' ($1, ${name} refer to groups; with 'literal', the pattern is plain text). The pattern is compiled once when the node starts: an invalid one fails the node at start; a match past 'timeoutMs' goes to 'error'.")]
[InPort("in", PortType.String, Description = "The text.")]
[OutPort("out", PortType.String, Description = "The text with the replacements.")]
[OutPort("error", PortType.Error, Description = "Input that is not a String, or a match that timed out.")]
[Config("pattern", ConfigType.String, Required = true, Description = "What to replace: a .NET regular expression, or plain text with 'literal'.")]
[Config("replacement", ConfigType.String, DefaultJson = "\"\"", Description = "What replaces each match.")]
[Config("literal", ConfigType.Boolean, DefaultJson = "false", Description = "The pattern is plain text, not a regular expression.")]
[Config("ignoreCase", ConfigType.Boolean, DefaultJson = "false", Description = "Case-insensitive.")]
[Config("multiline", ConfigType.Boolean, DefaultJson = "false", Description = "^ and $ match at line breaks.")]
[Config("nonBacktracking", ConfigType.Boolean, DefaultJson = "false", Description = "Use .NET's linear-time engine: no runaway backtracking, but no backreferences, lookarounds or atomic groups.")]
[Config("timeoutMs", ConfigType.Number, DefaultJson = "1000", Minimum = 1, Description = "The longest the replacement may take.")]
internal sealed class ReplaceActor : StandardActor
{
    private Regex _regex = null!;
    private string _replacement = "";
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _regex = RegexConfiguration.Create(context);
        _replacement = context.Configuration.GetString("replacement", "");
        if (context.Configuration.GetBoolean("literal", false))
        {
            _replacement = _replacement.Replace("$", "$$", StringComparison.Ordinal); // plain text on both sides
        }

        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        if (!TryGetText(context, out string? text))
        {
            return;
        }

        try
        {
            context.Emit(_out, Message.String(_regex.Replace(text, _replacement)));
        }
        catch (RegexMatchTimeoutException ex)
        {
            Fail(context, $"replacing /{_regex}/ took longer than {ex.MatchTimeout.TotalMilliseconds} ms on a String of {text.Length} characters");
        }
    }
}
