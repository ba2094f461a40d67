using System.Reflection;
using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>
/// A component: it describes itself (<see cref="Description"/>) and makes a fresh <see cref="Actor"/> for every
/// node that uses it, so two nodes of one component never share state.
/// </summary>
/// <remarks>
/// Three ways to make one: <see cref="FromActor{TActor}"/> for an attributed <see cref="Actor"/> class,
/// <see cref="FromFunc(ComponentDescription, Action{ActorContext})"/> and
/// <see cref="FromFunc{TState}(ComponentDescription, Func{TState}, Action{ActorContext, TState})"/> for small
/// components and tests, or <see cref="FromFactory"/> with any factory.
/// </remarks>
public abstract class Component
{
    /// <summary>Creates a component with <paramref name="description"/>.</summary>
    protected Component(ComponentDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
    }

    /// <summary>What the component says about itself.</summary>
    public ComponentDescription Description { get; }

    /// <summary>Makes the actor for one node. Called once per node; must return a new instance each time.</summary>
    public abstract Actor CreateActor();

    /// <summary>A component for an <see cref="Actor"/> class whose ports are declared with attributes.</summary>
    /// <exception cref="ComponentDefinitionException">The attributes are invalid; the message names the class and port.</exception>
    public static Component FromActor<TActor>() where TActor : Actor, new() =>
        new FactoryComponent(Describe(typeof(TActor)), static () => new TActor());

    /// <summary>A component whose actor runs <paramref name="receive"/> for each input; it keeps no state of its own.</summary>
    public static Component FromFunc(ComponentDescription description, Action<ActorContext> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        return new FactoryComponent(description, () => new DelegateActor<object?>(null, (context, _) => receive(context)));
    }

    /// <summary>
    /// A component whose actor runs <paramref name="receive"/> with a state object that
    /// <paramref name="createState"/> makes afresh for every node.
    /// </summary>
    public static Component FromFunc<TState>(ComponentDescription description, Func<TState> createState, Action<ActorContext, TState> receive)
    {
        ArgumentNullException.ThrowIfNull(createState);
        ArgumentNullException.ThrowIfNull(receive);
        return new FactoryComponent(description, () => new DelegateActor<TState>(createState(), receive));
    }

    /// <summary>
    /// A component that calls <paramref name="createActor"/> once per node, described by <paramref name="description"/>:
    /// for an actor whose ports are decided at run time, or one described by hand.
    /// </summary>
    /// <remarks>The factory must return a new actor on every call: two nodes never share one.</remarks>
    public static Component FromFactory(ComponentDescription description, Func<Actor> createActor)
    {
        ArgumentNullException.ThrowIfNull(createActor);
        return new FactoryComponent(description, createActor);
    }

    /// <summary>
    /// A component for an attributed <see cref="Actor"/> class made by <paramref name="createActor"/>, once per node:
    /// the class needs no parameterless constructor, so its dependencies (a client, a clock, a configuration) come in
    /// through the factory. The description is read from <typeparamref name="TActor"/>'s attributes
    /// (<see cref="ComponentDescription.FromType{TActor}"/>).
    /// </summary>
    /// <example><code>
    /// registry.Add(Component.FromFactory(() =&gt; new Lookup(database)));
    /// </code></example>
    /// <exception cref="ComponentDefinitionException">The attributes are invalid; the message names the class and port.</exception>
    public static Component FromFactory<TActor>(Func<TActor> createActor) where TActor : Actor
    {
        ArgumentNullException.ThrowIfNull(createActor);
        return new FactoryComponent(Describe(typeof(TActor)), createActor);
    }

    /// <summary>Reads the attributes of an actor class into a description.</summary>
    internal static ComponentDescription Describe(Type actorType)
    {
        var component = actorType.GetCustomAttribute<ComponentAttribute>();
        string name = component?.Name ?? actorType.Name;
        try
        {
            var inPorts = actorType.GetCustomAttributes<InPortAttribute>()
                .Select(p => new PortDefinition(p.Name, p.Type, p.Description, p.Required, ParseDefault(name, p))
                {
                    Addressable = p.Addressable,
                    MaxIndex = MaxIndexOf(p.MaxIndex),
                })
                .ToList();
            var outPorts = actorType.GetCustomAttributes<OutPortAttribute>()
                .Select(p => new PortDefinition(p.Name, p.Type, p.Description) { Addressable = p.Addressable, MaxIndex = MaxIndexOf(p.MaxIndex) })
                .ToList();
            if (typeof(SourceActor).IsAssignableFrom(actorType) && inPorts.Count > 0)
            {
                throw new ComponentDefinitionException($"Component '{name}' ({actorType.FullName}) is a SourceActor but declares in-ports; a source has none.");
            }

            return new ComponentDescription(
                name, inPorts, outPorts, component?.Description ?? "", component?.InputMode ?? InputMode.EachMessage,
                component?.ConfigurationSchema, component?.MayBlock ?? false) { Pool = component?.Pool };
        }
        catch (ArgumentException ex)
        {
            throw new ComponentDefinitionException($"Component '{name}' ({actorType.FullName}) is declared wrongly: {ex.Message}", ex);
        }
    }

    /// <summary>An attribute's <c>MaxIndex</c> (-1: none) as <see cref="PortDefinition.MaxIndex"/>.</summary>
    private static int? MaxIndexOf(int maxIndex) => maxIndex == -1 ? null : maxIndex;

    private static Message? ParseDefault(string component, InPortAttribute port)
    {
        if (port.DefaultJson is null)
        {
            return null;
        }

        try
        {
            Message value = MessageJson.Parse(port.DefaultJson);
            if (!port.Type.Accepts(value.Kind))
            {
                throw new ComponentDefinitionException(
                    $"Component '{component}': the default of in-port '{port.Name}' is {value.Kind}, but the port accepts {port.Type}.");
            }

            return value;
        }
        catch (MessageFormatException ex)
        {
            throw new ComponentDefinitionException(
                $"Component '{component}': the default of in-port '{port.Name}' is not valid JSON ({ex.Message}).", ex);
        }
    }

    private sealed class FactoryComponent(ComponentDescription description, Func<Actor> createActor) : Component(description)
    {
        public override Actor CreateActor() =>
            createActor() ?? throw new InvalidOperationException($"The factory of component '{Description.Name}' returned null.");
    }

    private sealed class DelegateActor<TState>(TState state, Action<ActorContext, TState> receive) : Actor
    {
        public override void Receive(ActorContext context) => receive(context, state);
    }
}
