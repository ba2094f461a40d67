using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reflow.Actors;
using Reflow.Networks;

namespace Reflow.Hosting;

/// <summary>
/// Adds components and graphs to the engine <c>services.AddReflow()</c> registered:
/// <c>AddReflow().AddComponent&lt;Enrich&gt;().AddGraph("orders", "graphs/orders.fbp")</c>.
/// </summary>
public sealed class ReflowBuilder
{
    private readonly ReflowRegistrations _registrations;

    internal ReflowBuilder(IServiceCollection services, ReflowRegistrations registrations)
    {
        Services = services;
        _registrations = registrations;
    }

    /// <summary>The service collection the engine is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the attributed <see cref="Actor"/> class <typeparamref name="TActor"/> as a component whose actors are
    /// made through dependency injection, one per node: its constructor may take any registered service
    /// (<c>ILogger&lt;TActor&gt;</c>, <c>HttpClient</c> or <c>IHttpClientFactory</c>, <c>IOptions&lt;T&gt;</c>…).
    /// </summary>
    /// <remarks>Actors are made from the root provider when a network starts: take singletons and transients, or an
    /// <c>IServiceScopeFactory</c> to make a scope of your own for scoped services.</remarks>
    public ReflowBuilder AddComponent<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TActor>()
        where TActor : Actor
    {
        _registrations.Components.Add(static (registry, services) =>
        {
            ObjectFactory<TActor> create = ActivatorUtilities.CreateFactory<TActor>([]);
            registry.Add(Component.FromFactory(() => create(services, null)));
        });
        return this;
    }

    /// <summary>
    /// Adds to the registry by hand when it is made (a component with a factory of your own, a script runtime's
    /// provider, a graph registered as a component).
    /// </summary>
    public ReflowBuilder AddComponents(Action<ComponentRegistry, IServiceProvider> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        _registrations.Components.Add(register);
        return this;
    }

    /// <summary>
    /// Runs the graph file at <paramref name="path"/> as a hosted service named <paramref name="name"/>: it starts
    /// with the host and drains when the host stops. See <see cref="HostedGraphOptions"/> for how it runs and how its
    /// exported out-ports are read; feed its exported in-ports through <see cref="ReflowNetworks"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A graph of that name was already added.</exception>
    public ReflowBuilder AddGraph(string name, string path, Action<HostedGraphOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new HostedGraphOptions(name, path);
        configure?.Invoke(options);
        HostedNetwork hosted = _registrations.Networks.Add(options);
        Services.AddSingleton<IHostedService>(services => new HostedNetworkService(hosted, services));
        return this;
    }
}
