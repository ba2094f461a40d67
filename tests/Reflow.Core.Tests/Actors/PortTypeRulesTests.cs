using Reflow.Actors;
using Reflow.Messages;

namespace Reflow.Tests.Actors;

public sealed class PortTypeRulesTests
{
    [Fact]
    public void Every_message_kind_has_the_port_type_of_the_same_name()
    {
        foreach (MessageKind kind in Enum.GetValues<MessageKind>())
        {
            if (kind is MessageKind.OpenBracket or MessageKind.CloseBracket)
            {
                continue; // brackets: below
            }

            Assert.Equal(kind.ToString(), kind.ToPortType().ToString());
            Assert.True(kind.ToPortType().Accepts(kind));
            Assert.True(PortType.Any.Accepts(kind));
        }
    }

    [Fact]
    public void Every_port_type_accepts_brackets()
    {
        foreach (PortType type in Enum.GetValues<PortType>())
        {
            Assert.True(type.Accepts(MessageKind.OpenBracket));
            Assert.True(type.Accepts(MessageKind.CloseBracket));
        }

        Assert.Equal(PortType.Any, MessageKind.OpenBracket.ToPortType());
    }

    [Theory]
    [InlineData(PortType.Float, MessageKind.Integer, true)]
    [InlineData(PortType.Float, MessageKind.Float, true)]
    [InlineData(PortType.Integer, MessageKind.Float, false)]
    [InlineData(PortType.String, MessageKind.Error, false)]
    [InlineData(PortType.Null, MessageKind.Flow, false)]
    [InlineData(PortType.Object, MessageKind.Array, false)]
    public void A_port_accepts_its_own_kind_and_a_float_port_also_integers(PortType port, MessageKind kind, bool accepted) =>
        Assert.Equal(accepted, port.Accepts(kind));

    [Theory]
    [InlineData(PortType.Integer, PortType.Float, true)]
    [InlineData(PortType.Float, PortType.Integer, false)]
    [InlineData(PortType.Any, PortType.String, true)]
    [InlineData(PortType.String, PortType.Any, true)]
    [InlineData(PortType.String, PortType.String, true)]
    [InlineData(PortType.String, PortType.Bytes, false)]
    public void Edges_connect_equal_types_any_and_integer_into_float(PortType from, PortType to, bool ok) =>
        Assert.Equal(ok, PortTypeRules.CanConnect(from, to));
}
