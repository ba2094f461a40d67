using Reflow.Actors;

namespace Reflow.Components.Infrastructure;

/// <summary>The time zone of a component's <c>timeZone</c> configuration (an IANA id; UTC by default).</summary>
internal static class ConfiguredTimeZone
{
    /// <summary>The configured zone.</summary>
    /// <exception cref="ActorConfigurationException">The id names no zone known to the machine.</exception>
    public static TimeZoneInfo Read(ActorContext context)
    {
        string zone = context.Configuration.GetString("timeZone", "UTC");
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ActorConfigurationException(context.NodeId, [$"configuration 'timeZone': '{zone}' is not a known time zone"]);
        }
    }
}
