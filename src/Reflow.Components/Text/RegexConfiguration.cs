using System.Text.RegularExpressions;
using Reflow.Actors;

namespace Reflow.Components.Text;

/// <summary>
/// The regular expression of a text component's configuration (pattern, ignoreCase, multiline, literal,
/// nonBacktracking, timeoutMs), built once when the node starts.
/// </summary>
internal static class RegexConfiguration
{
    /// <summary>The compiled regular expression.</summary>
    /// <exception cref="ActorConfigurationException">The pattern is not a valid .NET regular expression, or uses what the linear-time engine cannot do; names the node, the pattern and where.</exception>
    public static Regex Create(ActorContext context, RegexOptions extra = RegexOptions.None)
    {
        ActorConfiguration configuration = context.Configuration;
        string pattern = configuration.GetString("pattern", "");
        RegexOptions options = RegexOptions.CultureInvariant | extra;
        if (configuration.GetBoolean("ignoreCase", false))
        {
            options |= RegexOptions.IgnoreCase;
        }

        if (configuration.GetBoolean("multiline", false))
        {
            options |= RegexOptions.Multiline;
        }

        if (configuration.GetBoolean("literal", false))
        {
            pattern = Regex.Escape(pattern);
        }

        // The pattern serves every message of the run, so it is worth compiling to IL once (a few milliseconds at
        // start); the linear-time engine builds its own automaton instead and rejects Compiled-only constructs.
        options |= configuration.GetBoolean("nonBacktracking", false) ? RegexOptions.NonBacktracking : RegexOptions.Compiled;
        try
        {
            return new Regex(pattern, options, TimeSpan.FromMilliseconds(configuration.GetFloat("timeoutMs", 1000)));
        }
        catch (RegexParseException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'pattern' /{pattern}/ is not a valid regular expression: {ex.Error} at offset {ex.Offset}"]);
        }
        catch (NotSupportedException ex)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'pattern' /{pattern}/ cannot run with 'nonBacktracking': {ex.Message}"]);
        }
    }
}
