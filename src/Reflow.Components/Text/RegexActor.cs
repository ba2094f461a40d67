using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Regex: tests or matches a .NET regular expression against Strings, with a match timeout.</summary>
[Component("text/Regex", Description = "Matches the .NET regular expression 'pattern' against each String. 'test': emits true/false. 'match': emits the first match as {\"match\", \"index\", \"groups\": [group 1, …], \"named\": {name: text}}, or sends the input to 'nomatch'. 'matches': emits every match as an Array of those (possibly empty). The pattern is compiled once when the node starts: an invalid one fails the node at start; a match that runs past 'timeoutMs' goes to 'error'.")]
[InPort("in", PortType.String, Description = "The text.")]
[OutPort("out", Description = "The result (Boolean, match Object or Array of them).")]
[OutPort("nomatch", PortType.String, Description = "'match' mode: the inputs that did not match.")]
[OutPort("error", PortType.Error, Description = "Input that is not a String, or a match that timed out.")]
[Config("pattern", ConfigType.String, Required = true, Description = "The regular expression (.NET syntax).")]
[Config("mode", ConfigType.String, DefaultJson = "\"match\"", OneOf = "test|match|matches", Description = "What to emit.")]
[Config("ignoreCase", ConfigType.Boolean, DefaultJson = "false", Description = "Case-insensitive (invariant culture).")]
[Config("multiline", ConfigType.Boolean, DefaultJson = "false", Description = "^ and $ match at line breaks.")]
[Config("nonBacktracking", ConfigType.Boolean, DefaultJson = "false", Description = "Use .NET's linear-time engine: no runaway backtracking, but no backreferences, lookarounds or atomic groups.")]
[Config("timeoutMs", ConfigType.Number, DefaultJson = "1000", Minimum = 1, Description = "The longest one match may take (guards against runaway patterns).")]
internal sealed class RegexActor : StandardActor
{
    private Regex _regex = null!;
    private string _mode = "match";
    private OutPort _out;
    private OutPort _nomatch;

    protected override void Start(ActorContext context)
    {
        _regex = RegexConfiguration.Create(context);
        _mode = context.Configuration.GetString("mode", "match");
        _out = context.OutPort("out");
        _nomatch = context.OutPort("nomatch");
    }

    protected override void Handle(ActorContext context)
    {
        if (!TryGetText(context, out string? text))
        {
            return;
        }

        try
        {
            switch (_mode)
            {
                case "test":
                    context.Emit(_out, Message.Boolean(_regex.IsMatch(text)));
                    break;
                case "matches":
                    context.Emit(_out, AllMatches(text));
                    break;
                default:
                    Match match = _regex.Match(text);
                    context.Emit(match.Success ? _out : _nomatch, match.Success ? ToMessage(match) : context.Message);
                    break;
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            Fail(context, $"matching /{_regex}/ took longer than {ex.MatchTimeout.TotalMilliseconds} ms on a String of {text.Length} characters");
        }
    }

    private Message AllMatches(string text)
    {
        MatchCollection matches = _regex.Matches(text);
        var all = new Message[matches.Count]; // Count runs the whole scan, under the same timeout
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = ToMessage(matches[i]);
        }

        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(all));
    }

    private static Message ToMessage(Match match)
    {
        var groups = new Message[match.Groups.Count - 1];
        MessageObject.Builder named = MessageObject.CreateBuilder();
        for (int i = 1; i < match.Groups.Count; i++)
        {
            Group group = match.Groups[i];
            Message value = group.Success ? Message.String(group.Value) : Message.Null;
            groups[i - 1] = value;
            if (!char.IsAsciiDigit(group.Name[0]))
            {
                named.Add(group.Name, value);
            }
        }

        return Message.Object(
            new("match", Message.String(match.Value)),
            new("index", Message.Integer(match.Index)),
            new("groups", Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(groups))),
            new("named", Message.Object(named.ToMessageObject())));
    }
}
