using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reflow.Graphs.Formats;

// The JSON part of the grammar (RFC 7159, as the npm package's grammar spells it): an IIP may be any JSON
// value. Values are built as a small tree first because the parse may still fail and backtrack.
internal sealed partial class FbpParser
{
    private bool JsonText(out JsonElement value)
    {
        value = default;
        JsonWhitespace();
        if (!JsonValue(out object? tree))
        {
            return false;
        }

        JsonWhitespace();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTree(writer, tree);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, JsonValues.ReaderOptions);
        value = JsonElement.ParseValue(ref reader);
        return true;
    }

    private void JsonWhitespace()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private bool JsonValue(out object? value)
    {
        int start = _pos;
        value = null;
        if (Literal("false"))
        {
            value = false;
            return true;
        }

        if (Literal("null"))
        {
            return true;
        }

        if (Literal("true"))
        {
            value = true;
            return true;
        }

        if (JsonObject(out value) || Reset(start) && JsonArray(out value) || Reset(start) && JsonNumber(out value))
        {
            return true;
        }

        Reset(start);
        if (JsonString(out string? text))
        {
            value = text;
            return true;
        }

        return !Reset(start);
    }

    private bool Structural(char c)
    {
        JsonWhitespace();
        if (!Literal(c.ToString()))
        {
            return false;
        }

        JsonWhitespace();
        return true;
    }

    /// <summary>
    /// Counts one more level of nesting; past <see cref="GraphFile.MaxDepth"/> the file is rejected, because the
    /// rules recurse and a hostile file nested 100 000 deep would otherwise exhaust the stack.
    /// </summary>
    private void EnterNesting(int bracket, string what)
    {
        if (++_jsonDepth > GraphFile.MaxDepth)
        {
            throw new GraphFormatException(Location(bracket), $"an IIP nested at most {GraphFile.MaxDepth} arrays and objects deep", $"{what} at depth {_jsonDepth}");
        }
    }

    private bool JsonObject(out object? value)
    {
        value = null;
        int bracket = _pos;
        if (!Structural('{'))
        {
            return false;
        }

        EnterNesting(bracket + (_s.AsSpan(bracket).IndexOf('{')), "an object");
        try
        {
            return JsonObjectMembers(out value);
        }
        finally
        {
            _jsonDepth--;
        }
    }

    private bool JsonObjectMembers(out object? value)
    {
        // JavaScript objects: a repeated key keeps its first position and takes the last value.
        var members = new List<KeyValuePair<string, object?>>();
        int beforeMembers = _pos;
        if (JsonMember(members))
        {
            while (true)
            {
                int beforeSeparator = _pos;
                if (!(Structural(',') && JsonMember(members)))
                {
                    Reset(beforeSeparator);
                    break;
                }
            }
        }
        else
        {
            Reset(beforeMembers);
        }

        value = members;
        return Structural('}');
    }

    private bool JsonMember(List<KeyValuePair<string, object?>> members)
    {
        if (!(JsonString(out string? name) && Structural(':') && JsonValue(out object? value)))
        {
            return false;
        }

        int existing = members.FindIndex(m => m.Key == name);
        if (existing >= 0)
        {
            members[existing] = new(name!, value);
        }
        else
        {
            members.Add(new(name!, value));
        }

        return true;
    }

    private bool JsonArray(out object? value)
    {
        value = null;
        int bracket = _pos;
        if (!Structural('['))
        {
            return false;
        }

        EnterNesting(bracket + (_s.AsSpan(bracket).IndexOf('[')), "an array");
        try
        {
            return JsonArrayItems(out value);
        }
        finally
        {
            _jsonDepth--;
        }
    }

    private bool JsonArrayItems(out object? value)
    {
        var items = new List<object?>();
        int beforeItems = _pos;
        if (JsonValue(out object? first))
        {
            items.Add(first);
            while (true)
            {
                int beforeSeparator = _pos;
                if (!(Structural(',') && JsonValue(out object? next)))
                {
                    Reset(beforeSeparator);
                    break;
                }

                items.Add(next);
            }
        }
        else
        {
            Reset(beforeItems);
        }

        value = items;
        return Structural(']');
    }

    /// <summary><c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>, read as a double like <c>parseFloat</c>.</summary>
    private bool JsonNumber(out object? value)
    {
        // A named rule in the npm grammar: a failure inside it is reported as "number" where it started.
        _silent++;
        try
        {
            if (JsonNumberCore(out value))
            {
                return true;
            }
        }
        finally
        {
            _silent--;
        }

        Fail("number");
        return false;
    }

    private bool JsonNumberCore(out object? value)
    {
        int start = _pos;
        value = null;
        if (_pos < _s.Length && _s[_pos] == '-')
        {
            _pos++;
        }

        if (_pos < _s.Length && _s[_pos] == '0')
        {
            _pos++;
        }
        else if (Run(char.IsAsciiDigit, "number").Length == 0)
        {
            return !Reset(start);
        }

        int beforeFraction = _pos;
        if (!(Literal(".") && Run(char.IsAsciiDigit, "number").Length > 0))
        {
            Reset(beforeFraction);
        }

        int beforeExponent = _pos;
        if (_pos < _s.Length && _s[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _s.Length && _s[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (Run(char.IsAsciiDigit, "number").Length == 0)
            {
                Reset(beforeExponent);
            }
        }

        value = double.Parse(_s.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    private bool JsonString(out string? value)
    {
        int start = _pos;
        value = null;
        if (_pos >= _s.Length || _s[_pos] != '"')
        {
            Fail("string");
            return false;
        }

        _pos++;
        var text = new StringBuilder();
        while (_pos < _s.Length)
        {
            char c = _s[_pos];
            if (c == '"')
            {
                _pos++;
                value = text.ToString();
                return true;
            }

            if (c < 0x20)
            {
                break;
            }

            if (c != '\\')
            {
                text.Append(c);
                _pos++;
                continue;
            }

            if (_pos + 1 >= _s.Length)
            {
                break;
            }

            char escaped = _s[_pos + 1];
            char? plain = escaped switch
            {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => null,
            };
            if (plain is char p)
            {
                text.Append(p);
                _pos += 2;
            }
            else if (escaped == 'u' && _pos + 6 <= _s.Length
                && ushort.TryParse(_s.AsSpan(_pos + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
            {
                text.Append((char)code);
                _pos += 6;
            }
            else
            {
                break;
            }
        }

        Reset(start);
        Fail("string");
        return false;
    }

    private static void WriteTree(Utf8JsonWriter writer, object? tree)
    {
        switch (tree)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double: writer.WriteNullValue(); break; // JSON.stringify writes Infinity as null
            case List<object?> items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteTree(writer, item);
                }

                writer.WriteEndArray();
                break;
            case List<KeyValuePair<string, object?>> members:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> member in members)
                {
                    writer.WritePropertyName(member.Key);
                    WriteTree(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            default: throw new InvalidOperationException("unreachable: unknown JSON tree node");
        }
    }
}
