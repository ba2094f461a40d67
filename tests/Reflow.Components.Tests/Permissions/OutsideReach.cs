using System.Reflection;
using System.Reflection.Emit;
using Reflow.Permissions;

namespace Reflow.Components.Tests.Permissions;

/// <summary>
/// What an actor's compiled code can reach outside the process, read from its IL: every type its methods (and the
/// methods of its base types, nested closures and state machines, and of the helper types of the same assembly it
/// uses, transitively) refer to, sorted into the permission kinds the model has. The permission matrix is checked
/// against this, so a component that starts opening files, sockets, variables or programs cannot do so unnoticed.
/// </summary>
internal static class OutsideReach
{
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The kinds of outside access the code of <paramref name="actorType"/> can make: <c>file</c>, <c>net</c>, <c>env</c>, <c>run</c>.</summary>
    public static IReadOnlySet<string> Of(Type actorType)
    {
        var reach = new SortedSet<string>(StringComparer.Ordinal);
        var types = new HashSet<Type>();
        foreach (MemberInfo member in ReferencedMembers(actorType, types))
        {
            if (Classify(member) is string kind)
            {
                reach.Add(kind);
            }
        }

        foreach (Type type in types)
        {
            if (Classify(type) is string kind)
            {
                reach.Add(kind);
            }
        }

        return reach;
    }

    /// <summary>The check methods of <see cref="PermissionSet"/> the code of <paramref name="actorType"/> calls (<c>CheckRead</c>, <c>TryCheckNet</c>, …).</summary>
    public static IReadOnlySet<string> ChecksOf(Type actorType)
    {
        var checks = new SortedSet<string>(StringComparer.Ordinal);
        foreach (MemberInfo member in ReferencedMembers(actorType))
        {
            if (member.DeclaringType == typeof(PermissionSet) && member.Name.StartsWith("Check", StringComparison.Ordinal)
                || member.DeclaringType == typeof(PermissionSet) && member.Name.StartsWith("TryCheck", StringComparison.Ordinal))
            {
                checks.Add(member.Name);
            }
        }

        return checks;
    }

    /// <summary>The permission kind a framework member or type stands for, or null for one that reaches nothing outside.</summary>
    private static string? Classify(MemberInfo member)
    {
        if (member is MethodBase { DeclaringType.FullName: "System.Environment" } method)
        {
            return method.Name.Contains("EnvironmentVariable", StringComparison.Ordinal) ? "env" : null;
        }

        Type? type = member as Type ?? member.DeclaringType;
        return (type?.FullName ?? "") switch
        {
            "System.IO.File" or "System.IO.FileStream" or "System.IO.FileInfo" or "System.IO.Directory" or "System.IO.DirectoryInfo"
                or "System.IO.RandomAccess" or "System.IO.MemoryMappedFiles.MemoryMappedFile" or "System.IO.FileSystemWatcher" => "file",
            "System.Net.Http.HttpClient" or "System.Net.Http.HttpMessageInvoker" or "System.Net.Http.SocketsHttpHandler" or "System.Net.Http.HttpClientHandler"
                or "System.Net.Dns" or "System.Net.WebRequest" or "System.Net.WebClient" => "net",
            string name when name.StartsWith("System.Net.Sockets.", StringComparison.Ordinal) => "net",
            "System.Diagnostics.Process" or "System.Diagnostics.ProcessStartInfo" => "run",
            _ => null,
        };
    }

    private static IEnumerable<MemberInfo> ReferencedMembers(Type root) => ReferencedMembers(root, new HashSet<Type>());

    /// <summary>Every member the code of <paramref name="root"/> names, following the types of its own assembly; <paramref name="seen"/> gets every type met.</summary>
    private static IEnumerable<MemberInfo> ReferencedMembers(Type root, HashSet<Type> seen)
    {
        Assembly home = root.Assembly;
        var pending = new Queue<Type>();
        void Visit(Type? type)
        {
            if (type is null)
            {
                return;
            }

            if (type.HasElementType)
            {
                Visit(type.GetElementType());
                return;
            }

            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                foreach (Type argument in type.GetGenericArguments())
                {
                    Visit(argument);
                }

                type = type.GetGenericTypeDefinition();
            }

            if (type.IsGenericParameter || !seen.Add(type))
            {
                return;
            }

            if (type.Assembly == home)
            {
                pending.Enqueue(type);
            }
        }

        Visit(root);
        var members = new List<MemberInfo>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        while (pending.TryDequeue(out Type? type))
        {
            Visit(type.BaseType);
            foreach (Type nested in type.GetNestedTypes(all))
            {
                Visit(nested);
            }

            foreach (FieldInfo field in type.GetFields(all))
            {
                Visit(field.FieldType);
            }

            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (MemberInfo member in Operands(method))
                {
                    members.Add(member);
                    switch (member)
                    {
                        case Type t:
                            Visit(t);
                            break;
                        case FieldInfo f:
                            Visit(f.DeclaringType);
                            Visit(f.FieldType);
                            break;
                        case MethodBase m:
                            Visit(m.DeclaringType);
                            break;
                    }
                }
            }
        }

        return members;
    }

    /// <summary>The members and types the IL of <paramref name="method"/> names (calls, fields, types, tokens).</summary>
    private static IEnumerable<MemberInfo> Operands(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            OpCode code = s_opCodes[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A token a generic context must close; its open form is enough to know the type.
                    }

                    if (member is not null)
                    {
                        yield return member;
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
