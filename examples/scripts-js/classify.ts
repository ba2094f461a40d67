// Sorts priced orders into tiers, keeps running figures in context.state, and reports them at the end of the stream.
interface PricedOrder {
  id: string;
  customer: string;
  items: number;
  total: number; // cents
}

type Tier = "empty" | "small" | "large";

interface Figures {
  orders: number;
  revenue: number;
}

export const actorMetadata = {
  name: "classify",
  description: "The tier of each order; the large ones by id; the run's figures at the end.",
  inports: [{ name: "in", type: "object" }],
  outports: [
    { name: "out", type: "string", description: "The tier of each order." },
    { name: "large", type: "string", description: "The id of each large order." },
    { name: "report", type: "object", description: "Orders and revenue, once, at the end." },
  ],
};

const LARGE: number = 100_00;

function tierOf(order: PricedOrder): Tier {
  if (order.items === 0) return "empty";
  return order.total >= LARGE ? "large" : "small";
}

export function process(inputs: { in: PricedOrder }, context: any) {
  const order = inputs.in;
  const figures: Figures = context.state.figures ??= { orders: 0, revenue: 0 };
  figures.orders += 1;
  figures.revenue += order.total;
  const tier = tierOf(order);
  if (tier === "large") {
    context.send("large", order.id);
  }
  return { out: tier };
}

export function onEnd(context: any) {
  const figures = (context.state.figures ?? { orders: 0, revenue: 0 }) as Figures;
  console.log(`classified ${figures.orders} orders`);
  return { report: { orders: figures.orders, revenue: (figures.revenue / 100).toFixed(2) } };
}
