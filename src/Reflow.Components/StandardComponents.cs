using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Reflow.Actors;
using Reflow.Components.Infrastructure;
using Reflow.Networks;

namespace Reflow.Components;

/// <summary>
/// The standard component library, registered by name in one call: <c>registry.AddStandardComponents()</c>.
/// </summary>
/// <remarks>
/// <para>Names are <c>namespace/PascalCase</c> and stable: <c>core/</c> (Repeat, Drop, Output, Log, Uuid),
/// <c>flow/</c> (routing and shaping streams), <c>math/</c>, <c>text/</c>, <c>data/</c> (values and collections),
/// <c>time/</c> (timers and rates), <c>state/</c> (per-node memory), <c>io/</c> (files), <c>csv/</c> and <c>jsonl/</c> (records in files) and <c>http/</c>.
/// Port names are lower-case; a component that can receive bad input has an <c>error</c> out-port that gets an
/// Error message saying what was wrong ("component (node): what"); see <c>docs/components.md</c> for every
/// component, its ports and its configuration (the node's metadata, checked against the component's JSON Schema
/// when the node starts).</para>
/// </remarks>
public static class StandardComponents
{
    /// <summary>Registers every standard component in <paramref name="registry"/>.</summary>
    /// <exception cref="ArgumentException">A standard component's name is already registered.</exception>
    public static ComponentRegistry AddStandardComponents(this ComponentRegistry registry, StandardComponentsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (Component component in Create(options))
        {
            registry.Add(component);
        }

        return registry;
    }

    /// <summary>Every standard component, in the order of the reference (by namespace, then name).</summary>
    public static ImmutableArray<Component> Create(StandardComponentsOptions? options = null)
    {
        options ??= StandardComponentsOptions.Default;
        Func<HttpClient>? httpClient = options.HttpClientFactory;
        Lazy<HttpClient> client = new(() => httpClient?.Invoke() ?? Http.SharedHttpClient.Instance);
        return
        [
            .. CoreComponents(options),
            .. FlowComponents(),
            .. MathComponents(),
            .. DataComponents(),
            .. StateComponents(),
            .. TextComponents(),
            .. TimeComponents(),
            Describe(() => new Http.HttpRequestActor { Client = client }),
            Describe<Io.ReadBytesActor>(),
            Describe<Io.ReadLinesActor>(),
            Describe<Io.ReadLinesFromActor>(),
            Describe<Io.WriteFileActor>(),
            Describe<Io.CsvReadActor>(),
            Describe<Io.CsvWriteActor>(),
            Describe<Io.JsonLinesReadActor>(),
            Describe<Io.JsonLinesWriteActor>(),
        ];
    }

    private static IEnumerable<Component> CoreComponents(StandardComponentsOptions options)
    {
        yield return Describe<Core.RepeatActor>();
        yield return Describe<Core.DropActor>();
        yield return Describe(() => new Core.OutputActor { Writer = options.Output });
        ILoggerFactory loggers = options.LoggerFactory;
        yield return Describe(() => new Core.LogActor { LoggerFactory = loggers });
        yield return Describe<Core.UuidActor>();
    }

    private static IEnumerable<Component> FlowComponents()
    {
        yield return Describe<Flow.BranchActor>();
        yield return Describe<Flow.CollectActor>();
        yield return Describe<Flow.DelayActor>();
        yield return Describe<Flow.FilterActor>();
        yield return Describe<Flow.ForkActor>();
        yield return Describe<Flow.GateActor>();
        yield return Describe<Flow.IterateActor>();
        yield return Describe<Flow.JoinActor>();
        yield return Describe<Flow.LoopActor>();
        yield return Describe<Flow.MergeActor>();
        yield return Renamed(Describe<Core.RepeatActor>(), "flow/Passthrough", "Passes every message on unchanged (the same actor as core/Repeat, under the name flow graphs use).");
        yield return Describe<Flow.SplitActor>();
        yield return Describe<Flow.SwitchActor>();
    }

    private static IEnumerable<Component> MathComponents()
    {
        yield return Describe<Maths.AbsActor>();
        yield return Binary(Maths.BinaryOperation.Add, "Emits in + operand.");
        yield return Describe(Maths.RunningStatisticsActor.Describe(Maths.RunningKind.Average, "Emits the mean of every number so far (a Float) after each one; 'reset' starts over.", PortType.Float), () => new Maths.RunningStatisticsActor(Maths.RunningKind.Average));
        yield return Describe<Maths.ClampActor>();
        yield return Binary(Maths.BinaryOperation.Divide, "Emits in / operand as a Float; division by zero is an error.");
        yield return Describe<Maths.ExpressionActor>();
        yield return Binary(Maths.BinaryOperation.Max, "Emits the larger of in and operand.");
        yield return Binary(Maths.BinaryOperation.Min, "Emits the smaller of in and operand.");
        yield return Binary(Maths.BinaryOperation.Modulo, "Emits the remainder of in / operand (sign of in); modulo by zero is an error.");
        yield return Binary(Maths.BinaryOperation.Multiply, "Emits in × operand.");
        yield return Binary(Maths.BinaryOperation.Power, "Emits in raised to operand (an Integer for a non-negative Integer exponent).");
        yield return Describe<Maths.RandomActor>();
        yield return Describe<Maths.RoundActor>();
        yield return Describe(Maths.RunningStatisticsActor.Describe(Maths.RunningKind.Statistics, "Emits {count, sum, mean, min, max, variance, stddev} of every number so far (population variance, Welford's update) after each one; 'reset' starts over.", PortType.Object), () => new Maths.RunningStatisticsActor(Maths.RunningKind.Statistics));
        yield return Binary(Maths.BinaryOperation.Subtract, "Emits in - operand.");
        yield return Describe(Maths.RunningStatisticsActor.Describe(Maths.RunningKind.Sum, "Emits the sum of every number so far after each one (an Integer while all were Integers and it fits, else a Float); 'reset' starts over.", PortType.Float), () => new Maths.RunningStatisticsActor(Maths.RunningKind.Sum));
    }

    private static Component Binary(Maths.BinaryOperation operation, string does) =>
        Describe(Maths.BinaryMathActor.Describe(operation, does), () => new Maths.BinaryMathActor(operation));

    /// <summary>A component described in code (its configuration schema, if any, written from <typeparamref name="TActor"/>'s attributes).</summary>
    private static Component Describe<TActor>(ComponentDescription description, Func<TActor> create) where TActor : Actor =>
        Component.FromFactory(description, create);

    private static IEnumerable<Component> DataComponents()
    {
        yield return Describe<Data.ConvertActor>();
        yield return Describe<Data.GroupByActor>();
        yield return Describe<Data.JsonParseActor>();
        yield return Describe<Data.JsonStringifyActor>();
        yield return Describe<Data.MapActor>();
        yield return Describe<Data.ReduceActor>();
        yield return Describe<Data.SortActor>();
        yield return Describe<Data.TransformActor>();
        yield return Describe<Data.ValidateActor>();
    }

    private static IEnumerable<Component> StateComponents()
    {
        yield return Describe<State.AccumulatorActor>();
        yield return Describe<State.CounterActor>();
        yield return Describe<State.StateMachineActor>();
        yield return Describe<State.StoreActor>();
    }

    private static IEnumerable<Component> TextComponents()
    {
        yield return Describe<Text.CaseActor>();
        yield return Describe<Text.DateTimeActor>();
        yield return Describe<Text.JoinTextActor>();
        yield return Describe<Text.RegexActor>();
        yield return Describe<Text.ReplaceActor>();
        yield return Describe<Text.SplitTextActor>();
    }

    private static IEnumerable<Component> TimeComponents()
    {
        yield return Describe<Time.BarrierActor>();
        yield return Describe<Time.BatchActor>();
        yield return Describe<Time.CronActor>();
        yield return Describe<Time.DebounceActor>();
        yield return Describe<Time.IntervalActor>();
        yield return Describe<Time.ThrottleActor>();
    }

    /// <summary><paramref name="component"/> under another name and description (an alias sharing its actor).</summary>
    private static Component Renamed(Component component, string name, string description)
    {
        ComponentDescription d = component.Description;
        return Component.FromFactory(
            new ComponentDescription(name, d.InPorts, d.OutPorts, description, d.InputMode, d.ConfigurationSchema, d.MayBlock) { Pool = d.Pool },
            component.CreateActor);
    }

    /// <summary>A component for an attributed actor class, its configuration schema written from its <see cref="ConfigAttribute"/>s.</summary>
    internal static Component Describe<TActor>() where TActor : Actor, new() => Describe(static () => new TActor());

    /// <summary>
    /// A component whose actors <paramref name="create"/> makes (to hand them the host's options), described by
    /// <typeparamref name="TActor"/>'s attributes.
    /// </summary>
    internal static Component Describe<TActor>(Func<TActor> create) where TActor : Actor, new()
    {
        ComponentDescription declared = Component.FromActor<TActor>().Description;
        var described = new ComponentDescription(
            declared.Name, declared.InPorts, declared.OutPorts, declared.Description, declared.InputMode,
            ConfigurationSchema.For(typeof(TActor)) ?? declared.ConfigurationSchema, declared.MayBlock) { Pool = declared.Pool };
        return Component.FromFactory(described, create);
    }
}
