using System.Text;
using Reflow.Components.Expressions;
using Reflow.Messages;

namespace Reflow.Components.Data;

/// <summary>
/// One step of data/Transform, read from the configuration once: set, get, rename, remove, convert or template.
/// Applying it returns the new message (messages are immutable).
/// </summary>
internal sealed class TransformOperation
{
    private readonly string _op;
    private readonly MessagePath _path;
    private readonly MessagePath? _to;
    private readonly string? _type;
    private readonly MessageExpression? _expression;
    private readonly (string Text, MessageExpression? Expression)[] _template = [];

    private TransformOperation(string op, MessagePath path, MessagePath? to, string? type, MessageExpression? expression, (string, MessageExpression?)[] template)
    {
        _op = op;
        _path = path;
        _to = to;
        _type = type;
        _expression = expression;
        _template = template;
    }

    /// <summary>Reads one operation object; throws <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    public static TransformOperation Read(in Message operation, int position)
    {
        string where = $"operation {position}";
        if (!operation.TryGetObject(out MessageObject? fields) || !TryString(fields, "op", out string? op))
        {
            throw new ArgumentException($"{where} must be an Object with an \"op\" String, not {operation}");
        }

        MessagePath path = MessagePath.Parse(TryString(fields, "path", out string? p) ? p : "");
        string? text;
        try
        {
            return op switch
            {
                "set" when TryString(fields, "expression", out text) => new(op, path, null, null, MessageExpression.Parse(text, "value"), []),
                "get" => new(op, path, null, null, null, []),
                "remove" when path.Text.Length > 0 => new(op, path, null, null, null, []),
                "rename" when path.Text.Length > 0 && TryString(fields, "to", out text) && text.Length > 0 => new(op, path, MessagePath.Parse(text), null, null, []),
                "convert" when TryString(fields, "to", out text) && ValueConversion.Targets.Split('|').Contains(text) => new(op, path, null, text, null, []),
                "template" when TryString(fields, "template", out text) => new(op, path, null, null, null, ParseTemplate(text)),
                _ => throw new ArgumentException(
                    $"{where} ({MessageJson.ToJson(operation)}) is not one of: set {{path, expression}}, get {{path}}, rename {{path, to}}, remove {{path}}, convert {{path, to: {ValueConversion.Targets}}}, template {{path, template}}"),
            };
        }
        catch (ExpressionException ex)
        {
            throw new ArgumentException($"{where}: {ex.Message}", ex);
        }
    }

    private static bool TryString(MessageObject fields, string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = null;
        return fields.TryGetValue(key, out Message m) && m.TryGetString(out value);
    }

    // "Hello {value.name}!" → literal parts and expressions; "{{" and "}}" stand for braces.
    private static (string, MessageExpression?)[] ParseTemplate(string template)
    {
        var parts = new List<(string, MessageExpression?)>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                int close = template.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new ExpressionException($"the template \"{template}\" has a '{{' at {i} that is never closed");
                }

                parts.Add((literal.ToString(), MessageExpression.Parse(template[(i + 1)..close], "value")));
                literal.Clear();
                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }

        parts.Add((literal.ToString(), null));
        return [.. parts];
    }

    /// <summary>Applies the operation to <paramref name="message"/>.</summary>
    /// <exception cref="InvalidOperationException">It cannot apply (a missing field, a failed expression or conversion); says why.</exception>
    public Message Apply(in Message message)
    {
        switch (_op)
        {
            case "set":
                return _path.Set(message, Evaluate(_expression!, message));
            case "get":
                return _path.TryGet(message, out Message field) ? field : throw new InvalidOperationException($"get: '{_path}' is not in {message}");
            case "remove":
                return _path.Remove(message, out _);
            case "rename":
                if (!_path.TryGet(message, out Message moved))
                {
                    throw new InvalidOperationException($"rename: '{_path}' is not in {message}");
                }

                return _to!.Set(_path.Remove(message, out _), moved);
            case "convert":
                Message current = _path.TryGet(message, out Message found) ? found : throw new InvalidOperationException($"convert: '{_path}' is not in {message}");
                return ValueConversion.TryConvert(current, _type!, out Message converted, out string? problem)
                    ? _path.Set(message, converted)
                    : throw new InvalidOperationException($"convert '{_path}': {problem}");
            default:
                var text = new StringBuilder();
                foreach ((string literal, MessageExpression? expression) in _template)
                {
                    text.Append(literal);
                    if (expression is not null)
                    {
                        Message value = Evaluate(expression, message);
                        text.Append(value.TryGetString(out string? s) ? s : MessageJson.ToJson(value));
                    }
                }

                return _path.Set(message, Message.String(text.ToString()));
        }
    }

    private static Message Evaluate(MessageExpression expression, in Message message)
    {
        expression.Set(0, message);
        try
        {
            return expression.Evaluate();
        }
        catch (ExpressionException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    /// <summary>How the operation names itself in reports.</summary>
    public override string ToString() => $"{_op} '{_path}'";
}
