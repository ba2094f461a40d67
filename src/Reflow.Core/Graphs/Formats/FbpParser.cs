using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reflow.Graphs.Formats;

/// <summary>
/// The <c>.fbp</c> DSL parser: a hand-written parsing-expression parser that follows the grammar of the
/// <c>fbp</c> npm package 1.8.0 rule for rule, so it accepts and rejects the same texts and builds the same
/// graph (a test compares both on a corpus).
/// </summary>
/// <remarks>
/// <para>
/// Design: each rule is a method that returns whether it matched and, when it did not, puts the position
/// back, exactly like ordered choice in a PEG (greedy repetition, no backtracking into a repetition). The npm
/// grammar has side effects in its actions (declaring a node, numbering anonymous nodes, reading the default
/// port names); they happen here at the same moments, including inside alternatives that fail later, because
/// that is what fixes, for example, the numbers of anonymous nodes.
/// </para>
/// <para>
/// Statements produce a flat list of port items (a bridge <c>IN node OUT</c> gives an in- and an out-item);
/// afterwards every out-item or IIP directly followed by an in-item becomes a connection, as the npm package
/// pairs them. For errors the parser keeps the furthest position where a rule failed and what it expected there.
/// </para>
/// </remarks>
internal sealed partial class FbpParser
{
    private readonly string _s;
    private readonly string? _fileName;
    private readonly bool _caseSensitive;
    private readonly OrderedDictionary<string, NodeDeclaration> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _anonymousCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _anonymousNames = [];
    private readonly List<Item> _items = [];
    private readonly OrderedDictionary<string, Export> _inPorts = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Export> _outPorts = new(StringComparer.Ordinal);
    private GraphMetadata? _properties;
    private string _defaultInPort = "IN";
    private string _defaultOutPort = "OUT";
    private int _pos;
    private int _failPos;
    private int _silent;
    private int _jsonDepth;
    private List<int>? _lineStarts;
    // What was expected at _failPos: each once, a literal without its quotes (quoted only for the message). Cleared,
    // not remade, at each new position: every line of a file fails a few alternatives, and a sorted set's nodes and a
    // quoted string per failure cost ~560 bytes per empty line (fuzz/regressions/fbp).
    private readonly List<(string Text, bool Literal)> _expected = [];

    public FbpParser(string text, string? fileName, bool caseSensitive)
    {
        _s = text;
        _fileName = fileName;
        _caseSensitive = caseSensitive;
    }

    private enum ItemKind
    {
        In,
        Out,
        Data,
    }

    /// <summary>Parses the whole text and builds the graph.</summary>
    public Graph Parse()
    {
        while (Line())
        {
        }

        if (_pos < _s.Length)
        {
            Fail("end of input");
            throw SyntaxError();
        }

        return Build();
    }

    // ---- statements ------------------------------------------------------------------------------------

    private bool Line()
    {
        int start = _pos;
        if (ExportLine("INPORT=", _inPorts) || Reset(start) && ExportLine("OUTPORT=", _outPorts))
        {
            return true;
        }

        if (Reset(start) && DefaultPortLine("DEFAULT_INPORT=", out string name))
        {
            _defaultInPort = name;
            return true;
        }

        if (Reset(start) && DefaultPortLine("DEFAULT_OUTPORT=", out name))
        {
            _defaultOutPort = name;
            return true;
        }

        if (Reset(start) && Annotation(out string key, out string value) && Newline())
        {
            RegisterAnnotation(key, value);
            return true;
        }

        if (Reset(start) && Comment())
        {
            Newline();
            return true;
        }

        if (Reset(start) && Spaces() && Newline())
        {
            return true;
        }

        Reset(start);
        Spaces();
        int count = _items.Count;
        if (Connection())
        {
            Spaces();
            LineTerminator();
            return true;
        }

        _items.RemoveRange(count, _items.Count - count);
        return !Reset(start);
    }

    private bool ExportLine(string keyword, OrderedDictionary<string, Export> exports)
    {
        Spaces();
        int offset = _pos;
        if (!(Literal(keyword) && Node(out string node) && Literal(".") && PortName(out string port) && Literal(":") && PortName(out string name)))
        {
            return false;
        }

        Spaces();
        LineTerminator();
        if (!_caseSensitive)
        {
            name = name.ToLowerInvariant();
            port = port.ToLowerInvariant();
        }

        // A later line with the same public name replaces the earlier one (a JavaScript object assignment).
        exports[name] = new Export(node, port, offset);
        return true;
    }

    private bool DefaultPortLine(string keyword, out string name)
    {
        name = "";
        Spaces();
        if (!(Literal(keyword) && PortName(out name)))
        {
            return false;
        }

        Spaces();
        LineTerminator();
        return true;
    }

    /// <summary><c>_ ","? comment? newline?</c>: every part is optional, so this always matches.</summary>
    private void LineTerminator()
    {
        Spaces();
        Literal(",");
        int start = _pos;
        if (!Comment())
        {
            Reset(start);
        }

        Newline();
    }

    /// <summary><c>"#" " "+ "@" key " "+ value</c> with no leading spaces; the value keeps trailing spaces.</summary>
    private bool Annotation(out string key, out string value)
    {
        key = value = "";
        if (!(Literal("#") && RequiredSpaces() && Literal("@")))
        {
            return false;
        }

        key = Run(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_', "[a-zA-Z0-9\\-_]");
        if (key.Length == 0 || !RequiredSpaces())
        {
            return false;
        }

        value = Run(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' ' or '.', "[a-zA-Z0-9\\-_ \\.]");
        return value.Length > 0;
    }

    private bool Comment()
    {
        Spaces();
        if (!Literal("#"))
        {
            return false;
        }

        while (_pos < _s.Length && !IsNewline(_s[_pos]))
        {
            _pos++;
        }

        return true;
    }

    // ---- connections -----------------------------------------------------------------------------------

    /// <summary>
    /// <c>connection = source _ "->" _ connection / destination</c>, without recursion so that a chain of any length
    /// cannot exhaust the stack: the sources of the chain are matched in a loop, then a destination is tried after
    /// the last arrow and, when it fails, at each earlier source from the last back (what the recursion's ordered
    /// choice does as it unwinds).
    /// </summary>
    private bool Connection()
    {
        var starts = new List<(int Position, int Items)>();
        while (true)
        {
            int start = _pos;
            int count = _items.Count;
            starts.Add((start, count));
            if (!(Source() && Spaces() && Literal("->") && Spaces()))
            {
                break;
            }
        }

        for (int i = starts.Count - 1; i >= 0; i--)
        {
            (int start, int count) = starts[i];
            Reset(start);
            _items.RemoveRange(count, _items.Count - count);
            if (Destination())
            {
                return true;
            }
        }

        return false;
    }

    private bool Source() => Bridge() || Outport() || Initial();

    private bool Destination() => Inport() || Bridge();

    /// <summary><c>IN node OUT</c> (ports required) or <c>IN? node(Component) OUT?</c>.</summary>
    private bool Bridge()
    {
        int start = _pos;
        if (PortThenSpaces(out PortToken? inPort) && Node(out string node) && SpacesThenPort(out PortToken? outPort))
        {
            AddBridge(node, inPort, outPort, start);
            return true;
        }

        Reset(start);
        if (!PortThenSpaces(out inPort))
        {
            Reset(start);
        }

        if (!NodeWithComponent(out node))
        {
            return !Reset(start);
        }

        int afterNode = _pos;
        if (!SpacesThenPort(out outPort))
        {
            Reset(afterNode);
        }

        AddBridge(node, inPort, outPort, start);
        return true;
    }

    private void AddBridge(string node, PortToken? inPort, PortToken? outPort, int offset)
    {
        _items.Add(MakePort(ItemKind.In, node, inPort, offset));
        _items.Add(MakePort(ItemKind.Out, node, outPort, offset));
    }

    private bool Outport()
    {
        int start = _pos;
        if (!Node(out string node))
        {
            return false;
        }

        int afterNode = _pos;
        if (!SpacesThenPort(out PortToken? port))
        {
            Reset(afterNode);
        }

        _items.Add(MakePort(ItemKind.Out, node, port, start));
        return true;
    }

    private bool Inport()
    {
        int start = _pos;
        if (!PortThenSpaces(out PortToken? port))
        {
            Reset(start);
        }

        if (!Node(out string node))
        {
            return !Reset(start);
        }

        _items.Add(MakePort(ItemKind.In, node, port, start));
        return true;
    }

    /// <summary>An IIP: <c>'text'</c> (with <c>\'</c> for a quote) or a JSON value.</summary>
    private bool Initial()
    {
        int start = _pos;
        if (Literal("'"))
        {
            var text = new StringBuilder();
            while (_pos < _s.Length)
            {
                if (_s[_pos] == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] == '\'')
                {
                    text.Append('\'');
                    _pos += 2;
                }
                else if (_s[_pos] != '\'')
                {
                    text.Append(_s[_pos++]);
                }
                else
                {
                    break;
                }
            }

            if (Literal("'"))
            {
                _items.Add(new Item(ItemKind.Data, default, JsonValues.String(text.ToString()), start));
                return true;
            }
        }

        Reset(start);
        if (JsonText(out JsonElement data))
        {
            _items.Add(new Item(ItemKind.Data, default, data, start));
            return true;
        }

        return !Reset(start);
    }

    /// <summary>The npm package's <c>makePort</c>: an omitted port is the default port, lowercased unless case-sensitive.</summary>
    private Item MakePort(ItemKind kind, string node, PortToken? port, int offset)
    {
        string name = port?.Name ?? (kind == ItemKind.In ? _defaultInPort : _defaultOutPort);
        if (port is null && !_caseSensitive)
        {
            name = name.ToLowerInvariant();
        }

        return new Item(kind, new NodePort(node, name, port?.Index), default, offset);
    }

    // ---- nodes and ports -------------------------------------------------------------------------------

    /// <summary><c>name(Component)</c>, <c>name</c> or an anonymous <c>(Component)</c>.</summary>
    private bool Node(out string name)
    {
        int start = _pos;
        if (NodeName(out name))
        {
            int afterName = _pos;
            if (Component(out string component, out string? meta))
            {
                Declare(name, component, meta, start);
            }
            else
            {
                Reset(afterName);
            }

            return true;
        }

        Reset(start);
        return AnonymousNode(out name);
    }

    private bool NodeWithComponent(out string name)
    {
        int start = _pos;
        if (NodeName(out name) && Component(out string component, out string? meta))
        {
            Declare(name, component, meta, start);
            return true;
        }

        Reset(start);
        return AnonymousNode(out name);
    }

    private bool AnonymousNode(out string name)
    {
        int start = _pos;
        if (!Component(out string component, out string? meta))
        {
            name = "";
            return !Reset(start);
        }

        // Named once per position, even when a failing alternative parsed it first (the npm package keys by offset).
        if (!_anonymousNames.TryGetValue(start, out string? existing))
        {
            string prefix = AnonymousPrefix(component);
            int number = _anonymousCounts.GetValueOrDefault(prefix) + 1;
            _anonymousCounts[prefix] = number;
            existing = "_" + prefix + "_" + number.ToString(CultureInfo.InvariantCulture);
            _anonymousNames[start] = existing;
            Declare(existing, component, meta, start);
        }

        name = existing;
        return true;
    }

    /// <summary>JavaScript's <c>replace(/[^a-zA-Z0-9]+/, "_")</c>: only the first run of other characters is replaced.</summary>
    private static string AnonymousPrefix(string component)
    {
        int first = 0;
        while (first < component.Length && char.IsAsciiLetterOrDigit(component[first]))
        {
            first++;
        }

        if (first == component.Length)
        {
            return component;
        }

        int end = first;
        while (end < component.Length && !char.IsAsciiLetterOrDigit(component[end]))
        {
            end++;
        }

        return component[..first] + "_" + component[end..];
    }

    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_\-]*</c>.</summary>
    private bool NodeName(out string name) =>
        Identifier(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-', "[a-zA-Z0-9_\\-]", out name);

    /// <summary>
    /// <c>"(" [a-zA-Z/\-0-9_.]* (":" [a-zA-Z/=_,0-9]+)? ")"</c>. The dot is ours, not the npm parser's: a node names a
    /// file as its component (<c>parse(./parse.js)</c>, <c>sub(graphs/sub.fbp)</c>), as a subgraph or script file.
    /// </summary>
    private bool Component(out string component, out string? meta)
    {
        int start = _pos;
        component = "";
        meta = null;
        if (!Literal("("))
        {
            return false;
        }

        component = Run(static c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.', "[a-zA-Z/\\-0-9_.]");
        int beforeMeta = _pos;
        if (Literal(":"))
        {
            meta = Run(static c => char.IsAsciiLetterOrDigit(c) || c is '/' or '=' or '_' or ',', "[a-zA-Z/=_,0-9]");
            if (meta.Length == 0)
            {
                meta = null;
                Reset(beforeMeta);
            }
        }

        if (Literal(")"))
        {
            return true;
        }

        Reset(start);
        return false;
    }

    // Optional parts leave no value behind when they fail half-way (a port name not followed by spaces).
    private bool PortThenSpaces(out PortToken? port)
    {
        if (Port(out port) && RequiredSpaces())
        {
            return true;
        }

        port = null;
        return false;
    }

    private bool SpacesThenPort(out PortToken? port)
    {
        port = null;
        return RequiredSpaces() && Port(out port);
    }

    private bool Port(out PortToken? port)
    {
        port = null;
        if (!PortName(out string name))
        {
            return false;
        }

        int? index = null;
        int beforeIndex = _pos;
        if (Literal("["))
        {
            int digitsStart = _pos;
            string digits = Run(char.IsAsciiDigit, "[0-9]");
            if (digits.Length > 0 && Literal("]"))
            {
                index = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                    ? i
                    : throw new GraphFormatException(Location(digitsStart), "an array-port index below 2147483648", digits);
            }
            else
            {
                Reset(beforeIndex);
            }
        }

        port = new PortToken(_caseSensitive ? name : name.ToLowerInvariant(), index);
        return true;
    }

    /// <summary><c>[a-zA-Z_][a-zA-Z.0-9_]*</c>: port names may contain dots.</summary>
    private bool PortName(out string name) =>
        Identifier(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_', "[a-zA-Z.0-9_]", out name);

    private bool Identifier(Func<char, bool> rest, string expected, out string name)
    {
        int start = _pos;
        if (_pos < _s.Length && (char.IsAsciiLetter(_s[_pos]) || _s[_pos] == '_'))
        {
            _pos++;
            Run(rest, expected);
            name = _s[start.._pos];
            return true;
        }

        Fail("[a-zA-Z_]");
        name = "";
        return false;
    }

    // ---- lexical ---------------------------------------------------------------------------------------

    /// <summary>Resets the position; returns true so it can sit inside a condition.</summary>
    private bool Reset(int position)
    {
        _pos = position;
        return true;
    }

    private bool Literal(string text)
    {
        if (_s.AsSpan(_pos).StartsWith(text, StringComparison.Ordinal))
        {
            _pos += text.Length;
            return true;
        }

        Fail(text, literal: true);
        return false;
    }

    /// <summary><c>_</c>: any number of spaces (tabs are not spaces in this grammar). Always true.</summary>
    private bool Spaces()
    {
        Run(static c => c == ' ', "\" \"");
        return true;
    }

    /// <summary><c>__</c>: one or more spaces.</summary>
    private bool RequiredSpaces() => Run(static c => c == ' ', "\" \"").Length > 0;

    private bool Newline()
    {
        if (_pos < _s.Length && IsNewline(_s[_pos]))
        {
            _pos++;
            return true;
        }

        Fail("[\\n\\r\\u2028\\u2029]");
        return false;
    }

    private static bool IsNewline(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    /// <summary>Consumes the longest run of characters that match; records the expectation where the run stops.</summary>
    private string Run(Func<char, bool> match, string expected)
    {
        int start = _pos;
        while (_pos < _s.Length && match(_s[_pos]))
        {
            _pos++;
        }

        Fail(expected);
        return _s[start.._pos];
    }

    private void Fail(string expected, bool literal = false)
    {
        if (_silent > 0)
        {
            return;
        }

        if (_pos > _failPos)
        {
            _failPos = _pos;
            _expected.Clear();
        }

        if (_pos == _failPos)
        {
            foreach ((string text, bool isLiteral) in _expected)
            {
                if (isLiteral == literal && string.Equals(text, expected, StringComparison.Ordinal))
                {
                    return; // a backtracking parse fails the same way at the same place again and again
                }
            }

            _expected.Add((expected, literal));
        }
    }

    private GraphFileLocation Location(int offset)
    {
        // Lines and columns as the npm parser counts them: only \n starts a line. The table of line starts is built
        // once, so reporting many places costs a binary search each.
        if (_lineStarts is null)
        {
            _lineStarts = [0];
            for (int i = 0; i < _s.Length; i++)
            {
                if (_s[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        offset = Math.Clamp(offset, 0, _s.Length);
        int line = _lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        return new GraphFileLocation(_fileName, line + 1, offset - _lineStarts[line] + 1);
    }

    private GraphFormatException SyntaxError()
    {
        string found = _failPos >= _s.Length ? "end of input" : JsonValues.ToJson(JsonValues.String(_s[_failPos].ToString()));
        List<string> expected = [.. new SortedSet<string>(_expected.Select(e => e.Literal ? '"' + e.Text + '"' : e.Text), StringComparer.Ordinal)];
        string list = expected.Count switch
        {
            0 => "a statement",
            1 => expected[0],
            _ => string.Join(", ", expected[..^1]) + " or " + expected[^1],
        };
        return new GraphFormatException(Location(_failPos), list, found);
    }

    private readonly record struct PortToken(string Name, int? Index);

    private readonly record struct Item(ItemKind Kind, NodePort Port, JsonElement Data, int Offset);

    private readonly record struct Export(string Node, string Port, int Offset);

    private sealed class NodeDeclaration(int offset)
    {
        public int Offset { get; } = offset;

        public string? Component { get; set; }

        public GraphMetadata? Metadata { get; set; }
    }
}
