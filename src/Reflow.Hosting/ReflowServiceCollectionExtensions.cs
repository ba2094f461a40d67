using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reflow.Components;
using Reflow.Configuration;
using Reflow.Hosting;
using Reflow.Networks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Reflow engine in a service collection (the generic host's <c>builder.Services</c>).</summary>
public static class ReflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: a <see cref="ComponentRegistry"/> with the standard components and those added with
    /// <see cref="ReflowBuilder.AddComponent{TActor}"/> (made through dependency injection), the
    /// <see cref="ReflowOptions"/> read from configuration section <c>Reflow</c> with <c>reflow.toml</c>'s keys
    /// (<c>Reflow:actor_system:thread_pool_size</c>; a bad value throws <see cref="ReflowConfigurationException"/>
    /// when the host starts), and <see cref="ReflowNetworks"/>, the graphs run as hosted services.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the hosting options (the configuration section, health thresholds); applied on every call.</param>
    /// <returns>A builder to add components and graphs. Calling <c>AddReflow</c> again returns one for the same registrations.</returns>
    /// <example><code>
    /// builder.Services.AddReflow()
    ///     .AddComponent&lt;Enrich&gt;()
    ///     .AddGraph("orders", "orders.fbp", graph =&gt; graph.ReadOutput("out", message =&gt; Console.WriteLine(message)));
    /// </code></example>
    public static ReflowBuilder AddReflow(this IServiceCollection services, Action<ReflowHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(ReflowRegistrations))?.ImplementationInstance is not ReflowRegistrations registrations)
        {
            registrations = new ReflowRegistrations(new ReflowHostingOptions());
            services.AddSingleton(registrations);
            services.AddSingleton(registrations.Options);
            services.AddSingleton(registrations.Networks);
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(provider => CreateRegistry(registrations, provider));
            services.AddSingleton(provider =>
            {
                IConfiguration? configuration = provider.GetService<IConfiguration>();
                return configuration is null
                    ? ReflowOptions.Default
                    : ReflowConfiguration.FromConfiguration(configuration.GetSection(registrations.Options.ConfigurationSection));
            });
        }

        configure?.Invoke(registrations.Options);
        return new ReflowBuilder(services, registrations);
    }

    private static ComponentRegistry CreateRegistry(ReflowRegistrations registrations, IServiceProvider services)
    {
        var registry = new ComponentRegistry();
        if (registrations.Options.StandardComponents)
        {
            registry.AddStandardComponents();
        }

        foreach (Action<ComponentRegistry, IServiceProvider> register in registrations.Components)
        {
            register(registry, services);
        }

        return registry;
    }
}
