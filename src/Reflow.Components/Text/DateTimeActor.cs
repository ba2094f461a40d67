using System.Globalization;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Text;

/// <summary>text/DateTime: parses date-time text into Unix milliseconds, or formats instants as text.</summary>
[Component("text/DateTime", Description = "'parse': a String → its instant in Unix milliseconds (an Integer); with 'format' the text must match it exactly, else ISO 8601 is read; text without an offset is in 'timeZone'. 'format': an instant (Unix milliseconds, or ISO 8601 text) → a String in 'format' (a .NET date format, default ISO 8601 'o'), shown in 'timeZone'. 'now': any message → the run clock's current instant, formatted. Invariant culture.")]
[InPort("in", Description = "Text to parse, or an instant to format.")]
[OutPort("out", Description = "The Unix milliseconds (parse) or the text (format, now).")]
[OutPort("error", PortType.Error, Description = "Text that is not a date-time (in the format), a number out of range, or input of another kind.")]
[Config("mode", ConfigType.String, DefaultJson = "\"parse\"", OneOf = "parse|format|now", Description = "What to do.")]
[Config("format", ConfigType.String, Description = "A .NET date and time format, e.g. \"yyyy-MM-dd HH:mm\"; ISO 8601 when absent.")]
[Config("timeZone", ConfigType.String, DefaultJson = "\"UTC\"", Description = "An IANA time zone id (e.g. \"Europe/Paris\") for text without an offset and for formatting.")]
internal sealed class DateTimeActor : StandardActor
{
    private string _mode = "parse";
    private string? _format;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private OutPort _out;

    protected override void Start(ActorContext context)
    {
        _mode = context.Configuration.GetString("mode", "parse");
        _format = context.Configuration.TryGetValue("format", out Message format) ? format.AsString() : null;
        _zone = ConfiguredTimeZone.Read(context);

        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Message input = context.Message;
        if (_mode == "now")
        {
            context.Emit(_out, Message.String(Format(context.TimeProvider.GetUtcNow())));
            return;
        }

        if (_mode == "format")
        {
            if (TryInstant(input, out DateTimeOffset instant, out string? problem))
            {
                context.Emit(_out, Message.String(Format(instant)));
            }
            else
            {
                Fail(context, problem!);
            }

            return;
        }

        if (!input.TryGetString(out string? text))
        {
            FailType(context, "a String to parse", input);
        }
        else if (TryParse(text, out DateTimeOffset parsed))
        {
            context.Emit(_out, Message.Integer(parsed.ToUnixTimeMilliseconds()));
        }
        else
        {
            Fail(context, _format is null ? $"\"{text}\" is not an ISO 8601 date-time" : $"\"{text}\" does not match the format \"{_format}\"");
        }
    }

    private string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString(_format ?? "o", CultureInfo.InvariantCulture);

    private bool TryParse(string text, out DateTimeOffset instant)
    {
        const DateTimeStyles Styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal;
        bool parsed = _format is null
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out instant)
            : DateTimeOffset.TryParseExact(text, _format, CultureInfo.InvariantCulture, Styles, out instant);
        if (parsed && !HasOffset(text) && _zone != TimeZoneInfo.Utc)
        {
            // Parsed as UTC for want of an offset: the same wall-clock time in the configured zone instead.
            DateTime wall = DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified);
            instant = new DateTimeOffset(wall, _zone.GetUtcOffset(wall));
        }

        return parsed;
    }

    // An ISO text states its offset with Z or ±hh:mm after the time.
    private static bool HasOffset(string text)
    {
        int time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        string tail = time < 0 ? text : text[time..];
        return tail.EndsWith('Z') || tail.EndsWith('z') || tail.LastIndexOfAny(['+', '-']) > 0;
    }

    private static bool TryInstant(in Message input, out DateTimeOffset instant, out string? problem)
    {
        problem = null;
        instant = default;
        if (input.TryGetInteger(out long milliseconds))
        {
            if (milliseconds is >= -62_135_596_800_000 and <= 253_402_300_799_999)
            {
                instant = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                return true;
            }

            problem = $"{milliseconds} Unix milliseconds is outside the years 1-9999";
            return false;
        }

        if (input.TryGetString(out string? text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            return true;
        }

        problem = $"expects Unix milliseconds (an Integer) or ISO 8601 text, got {input}";
        return false;
    }
}
