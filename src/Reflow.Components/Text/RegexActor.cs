using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/Regex: tests or matches a .NET regular expression against Strings, with a match timeout.</summary>
[Component("text/Regex", Description = "Matches the .NET regular expression 'pattern' against each String. 'test': emits true/false. 'match': emits the first match as {\"match\", \"index\", \"groups\": [group 1, …], \"named\": {name: text}}, or sends the input to 'nomatch'. 'named': like 'match' but emits only the named groups' Object {name: text} (unnamed groups are not captured, which is faster). 'matches': emits every match as an Array of those (possibly empty). The pattern is compiled once when the node starts: an invalid one fails the node at start; a match that runs past 'timeoutMs' goes to 'error'.")]
[InPort("in", PortType.String, Description = "The text.")]
[OutPort("out", Description = "The result (Boolean, match Object or Array of them).")]
[OutPort("nomatch", PortType.String, Description = "'match' mode: the inputs that did not match.")]
[OutPort("error", PortType.Error, Description = "Input that is not a String, or a match that timed out.")]
[Config("pattern", ConfigType.String, Required = true, Description = "The regular expression (.NET syntax).")]
[Config("mode", ConfigType.String, DefaultJson = "\"match\"", OneOf = "test|match|matches|named", Description = "What to emit.")]
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
    private int[] _namedNumbers = [];
    private string[] _names = [];

    protected override void Start(ActorContext context)
    {
        _mode = context.Configuration.GetString("mode", "match");
        _regex = RegexConfiguration.Create(context, _mode == "named" ? RegexOptions.ExplicitCapture : RegexOptions.None);
        var numbers = new List<int>();
        var names = new List<string>();
        foreach (int number in _regex.GetGroupNumbers())
        {
            string name = _regex.GroupNameFromNumber(number);
            if (number > 0 && !char.IsAsciiDigit(name[0]))
            {
                numbers.Add(number);
                names.Add(name);
            }
        }

        _namedNumbers = [.. numbers];
        _names = [.. names];
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
                case "named":
                    Match named = _regex.Match(text);
                    context.Emit(named.Success ? _out : _nomatch, named.Success ? Message.Object(Named(named)) : context.Message);
                    break;
                default:
                    Match match = _regex.Match(text);
                    context.Emit(match.Success ? _out : _nomatch, match.Success ? ToMessage(match, text) : context.Message);
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
            all[i] = ToMessage(matches[i], text);
        }

        return Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(all));
    }

    private Message ToMessage(Match match, string text)
    {
        GroupCollection matched = match.Groups;
        var groups = new Message[matched.Count - 1];
        for (int i = 1; i < groups.Length + 1; i++)
        {
            Group group = matched[i];
            groups[i - 1] = group.Success ? Message.String(group.Value) : Message.Null;
        }

        // A pattern anchored at both ends matches the whole line: the input String serves, no copy of it.
        string whole = match.Index == 0 && match.Length == text.Length ? text : match.Value;
        return Message.Object(
            new("match", Message.String(whole)),
            new("index", Message.Integer(match.Index)),
            new("groups", Message.Array(ImmutableCollectionsMarshal.AsImmutableArray(groups))),
            new("named", Message.Object(Named(match))));
    }

    // The named groups in the order of their numbers (the order GroupCollection gives them), looked up by number.
    private MessageObject Named(Match match)
    {
        GroupCollection matched = match.Groups;
        var fields = new KeyValuePair<string, Message>[_names.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            Group group = matched[_namedNumbers[i]];
            fields[i] = new(_names[i], group.Success ? Message.String(group.Value) : Message.Null);
        }

        return MessageObject.Create(fields);
    }
}
