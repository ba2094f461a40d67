// The net amount of an order line, in cents: quantity times unit price, rounded to the cent (JavaScript's Math.round,
// half up). The line goes on with the amount added as "net".
export const actorMetadata = {
  name: "amount",
  description: "Adds the net amount of an order line in cents (qty × price, rounded to the cent).",
  inports: [{ name: "in", type: "object", description: "An order line with qty and price." }],
  outports: [{ name: "out", type: "object", description: "The line with its net amount (Integer cents) as net." }],
};

export function process(inputs) {
  const line = inputs.in;
  return { out: { ...line, net: Math.round(line.qty * line.price * 100) } };
}
