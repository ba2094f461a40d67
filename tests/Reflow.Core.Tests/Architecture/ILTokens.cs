using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Reflow.Tests.Architecture;

/// <summary>Walks a method body's IL and yields the metadata token of every instruction that has one (call, newobj, ldfld, box, ldtoken, …).</summary>
internal static class ILTokens
{
    // The operand kinds by opcode value, read from OpCodes so the table cannot disagree with the runtime's.
    private static readonly Dictionary<ushort, OperandType> s_operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => (ushort)op.Value, op => op.OperandType);

    /// <summary>The tokens in <paramref name="il"/>, in order.</summary>
    public static List<EntityHandle> Read(byte[] il)
    {
        var tokens = new List<EntityHandle>();
        int at = 0;
        while (at < il.Length)
        {
            ushort code = il[at++];
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il[at++]);
            }

            if (!s_operands.TryGetValue(code, out OperandType operand))
            {
                throw new BadImageFormatException($"Unknown IL opcode 0x{code:X} at offset {at - 1}.");
            }

            switch (operand)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.ShortInlineR or OperandType.InlineString:
                    at += 4;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    int count = BitConverter.ToInt32(il, at);
                    at += 4 + (4 * count);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineSig:
                    tokens.Add(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, at)));
                    at += 4;
                    break;
                default:
                    throw new BadImageFormatException($"Unexpected IL operand kind {operand} at offset {at}.");
            }
        }

        return tokens;
    }
}
