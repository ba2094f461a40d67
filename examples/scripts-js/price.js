// Prices one order line (JSON text from io/ReadLinesFrom): its total in cents, tax included.
import { toCents, withTax } from "./lib/money.js";

export const actorMetadata = {
  name: "price",
  description: "Parses an order and adds its total, in cents, tax included.",
  inports: [{ name: "in", type: "string", description: "One order as a JSON line." }],
  outports: [{ name: "out", type: "object", description: "The order with its total." }],
  config: { type: "object", properties: { tax: { type: "integer", description: "Tax in percent." } } },
};

export function process(inputs, context) {
  const order = JSON.parse(inputs.in);
  const net = order.items.reduce((sum, item) => sum + toCents(item.qty * item.price), 0);
  const tax = context.config.tax ?? 0;
  return { out: { id: order.id, customer: order.customer, items: order.items.length, total: withTax(net, tax) } };
}
