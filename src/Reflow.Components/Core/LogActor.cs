using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Messages;

namespace Reflow.Components.Core;

/// <summary>core/Log: logs each message through the host's <see cref="ILogger"/> and passes it on.</summary>
[Component("core/Log", Description = "Logs each message at 'level' through the host's loggers (StandardComponentsOptions.LoggerFactory, category 'Reflow.Components.Log'; the structured fields are Node and Message, plus Label when configured) and passes it on unchanged.")]
[InPort("in", Description = "Any message.")]
[OutPort("out", Description = "The same message.")]
[Config("level", ConfigType.String, DefaultJson = "\"Information\"", OneOf = "Trace|Debug|Information|Warning|Error|Critical", Description = "The log level.")]
[Config("label", ConfigType.String, Description = "Text logged before each message.")]
internal sealed class LogActor : StandardActor
{
    /// <summary>The logger category.</summary>
    public const string Category = "Reflow.Components.Log";

    private ILogger _logger = NullLogger.Instance;
    private LogLevel _level;
    private string? _label;
    private OutPort _out;

    /// <summary>The host's loggers.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    protected override void Start(ActorContext context)
    {
        _logger = (LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Category);
        _level = Enum.Parse<LogLevel>(context.Configuration.GetString("level", "Information"));
        _label = context.Configuration.TryGetValue("label", out Message label) ? label.AsString() : null;
        _out = context.OutPort("out");
    }

    protected override void Handle(ActorContext context)
    {
        Message message = context.Message;
        if (_logger.IsEnabled(_level))
        {
            string text = message.TryGetString(out string? s) ? s : message.ToString();
            if (_label is null)
            {
#pragma warning disable CA2254 // one template per branch: the level comes from configuration, so LoggerMessage cannot be used
                _logger.Log(_level, "{Node}: {Message}", context.NodeId, text);
            }
            else
            {
                _logger.Log(_level, "{Node}: {Label} {Message}", context.NodeId, _label, text);
#pragma warning restore CA2254
            }
        }

        context.Emit(_out, message);
    }
}
