using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Reflow.Actors;
using AstModule = Acornima.Ast.Module;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// Reads a parsed script's <c>export const actorMetadata = {...}</c> into a <see cref="ScriptDeclaration"/>, and checks
/// that it exports <c>process</c> (or <c>processBatch</c>). The metadata object is evaluated on its own in a bare engine
/// (no host API, the runtime's limits); one that refers to other bindings of the module is read by evaluating the
/// module in such an engine instead.
/// </summary>
internal static class ActorMetadataReader
{
    private const string MetadataName = "actorMetadata";

    public static ScriptDeclaration Read(in Prepared<AstModule> module, string text, PreparedScriptInfo info)
    {
        var exports = new HashSet<string>(StringComparer.Ordinal);
        Expression? metadata = null;
        bool reExports = false;
        foreach (Statement statement in module.Program!.Body)
        {
            switch (statement)
            {
                case ExportNamedDeclaration named:
                    Collect(named, exports, ref metadata);
                    break;
                case ExportAllDeclaration:
                    reExports = true;
                    break;
            }
        }

        if (!exports.Contains(MetadataName) && !reExports)
        {
            throw Missing(info, $"the script exports no '{MetadataName}' (export const {MetadataName} = {{ name, description, inports: [{{ name, type }}], outports: [...], config }})");
        }

        if (!exports.Contains("process") && !exports.Contains("processBatch") && !reExports)
        {
            throw Missing(info, "the script exports no 'process' function (export function process(inputs, context) { return { out: ... } })");
        }

        bool batch = exports.Contains("processBatch");
        using (var engine = new Engine(options => JavaScriptEngineOptions.Apply(options, ScriptLimits.Default, moduleLoader: null)))
        {
            if (metadata is not null && TryEvaluateAlone(engine, text, metadata, out JsValue alone))
            {
                return ToDeclaration(engine, alone, info, batch);
            }
        }

        var script = new PreparedScript(module, info.Location, info.DisplayName, info.Directory, new ScriptDeclaration("", "", [], []), info.Scope);
        using var moduleEngine = new Engine(options => JavaScriptEngineOptions.Apply(options, ScriptLimits.Default, new JsModuleLoader(script)));
        return ToDeclaration(moduleEngine, EvaluateModule(moduleEngine, info), info, batch);
    }

    private static void Collect(ExportNamedDeclaration named, HashSet<string> exports, ref Expression? metadata)
    {
        switch (named.Declaration)
        {
            case FunctionDeclaration { Id: not null } function:
                exports.Add(function.Id.Name);
                break;
            case ClassDeclaration { Id: not null } type:
                exports.Add(type.Id.Name);
                break;
            case VariableDeclaration variables:
                foreach (VariableDeclarator declarator in variables.Declarations)
                {
                    if (declarator.Id is Identifier id)
                    {
                        exports.Add(id.Name);
                        if (id.Name == MetadataName)
                        {
                            metadata = declarator.Init;
                        }
                    }
                }

                break;
        }

        foreach (ExportSpecifier specifier in named.Specifiers)
        {
            if (specifier.Exported is Identifier exported)
            {
                exports.Add(exported.Name);
            }
            else if (specifier.Exported is StringLiteral literal)
            {
                exports.Add(literal.Value);
            }
        }
    }

    private static bool TryEvaluateAlone(Engine engine, string text, Expression metadata, out JsValue value)
    {
        try
        {
            value = engine.Evaluate("(" + text[metadata.Start..metadata.End] + "\n)");
            return true;
        }
        catch (JavaScriptException)
        {
            value = JsValue.Undefined; // it refers to the module's other bindings: read it from the module instead
            return false;
        }
    }

    private static JsValue EvaluateModule(Engine engine, PreparedScriptInfo info)
    {
        try
        {
            return engine.Modules.Import(info.Location).Get(MetadataName);
        }
        catch (Exception ex) when (JsErrors.Translate(ex, ScriptLimits.Default, info.DisplayName, "reading actorMetadata") is { } translated)
        {
            throw translated;
        }
    }

    private static ScriptDeclaration ToDeclaration(Engine engine, JsValue value, PreparedScriptInfo info, bool batch)
    {
        if (value is not ObjectInstance metadata)
        {
            throw Missing(info, $"'{MetadataName}' must be an object, not {TypeConverter.ToString(value)}");
        }

        string name = OptionalText(metadata, "name", info) ?? Path.GetFileNameWithoutExtension(info.DisplayName);
        string description = OptionalText(metadata, "description", info) ?? "";
        JsValue config = metadata.Get("config");
        string? schema = config.IsUndefined() || config.IsNull()
            ? null
            : TypeConverter.ToString(engine.Evaluate("JSON.stringify").Call(config));
        int maxBatchSize = BatchActor.DefaultMaxBatchSize;
        JsValue size = metadata.Get("maxBatchSize");
        if (!size.IsUndefined())
        {
            double requested = size.IsNumber() ? size.AsNumber() : 0;
            maxBatchSize = requested is >= 1 and <= 65_536 && Math.Floor(requested) == requested
                ? (int)requested
                : throw Missing(info, $"'{MetadataName}.maxBatchSize' must be a whole number from 1 to 65536, not {TypeConverter.ToString(size)}");
        }

        return new ScriptDeclaration(name, description, Ports(metadata, "inports", info), Ports(metadata, "outports", info), schema)
        {
            Batch = batch,
            MaxBatchSize = maxBatchSize,
        };
    }

    private static PortDefinition[] Ports(ObjectInstance metadata, string key, PreparedScriptInfo info)
    {
        JsValue list = metadata.Get(key);
        if (list.IsUndefined())
        {
            return [];
        }

        if (list is not JsArray array)
        {
            throw Missing(info, $"'{MetadataName}.{key}' must be an array of ports ({{ name, type, description, required }})");
        }

        var ports = new PortDefinition[array.Length];
        for (uint i = 0; i < array.Length; i++)
        {
            string where = $"{MetadataName}.{key}[{i}]";
            if (array[i] is not ObjectInstance port)
            {
                throw Missing(info, $"'{where}' must be an object {{ name, type, description, required }}");
            }

            string name = OptionalText(port, "name", info) ?? throw Missing(info, $"'{where}' has no name");
            string typeName = OptionalText(port, "type", info) ?? "any";
            PortType type = PortTypeOf(typeName) ?? throw Missing(info,
                $"'{where}.type' is '{typeName}'; expected one of any, flow, null, boolean, integer, float (or number), string, bytes, array, object, error");
            try
            {
                ports[i] = new PortDefinition(name, type, OptionalText(port, "description", info) ?? "", TypeConverter.ToBoolean(port.Get("required")));
            }
            catch (ArgumentException ex)
            {
                throw Missing(info, $"'{where}': {ex.Message}");
            }
        }

        return ports;
    }

    private static PortType? PortTypeOf(string type) => type.ToLowerInvariant() switch
    {
        "any" or "*" or "all" => PortType.Any,
        "flow" or "bang" => PortType.Flow,
        "null" => PortType.Null,
        "boolean" or "bool" => PortType.Boolean,
        "integer" or "int" => PortType.Integer,
        "float" or "number" => PortType.Float,
        "string" => PortType.String,
        "bytes" or "buffer" => PortType.Bytes,
        "array" => PortType.Array,
        "object" => PortType.Object,
        "error" => PortType.Error,
        _ => null,
    };

    private static string? OptionalText(ObjectInstance owner, string key, PreparedScriptInfo info)
    {
        JsValue value = owner.Get(key);
        return value.IsUndefined() || value.IsNull() ? null
            : value.IsString() ? value.AsString()
            : throw Missing(info, $"'{key}' must be text, not {TypeConverter.ToString(value)}");
    }

    private static ScriptException Missing(PreparedScriptInfo info, string text) =>
        new($"{info.DisplayName}:1:1: {text}", file: info.DisplayName, line: 1, column: 1);
}
