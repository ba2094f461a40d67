// Sorts order lines into bands by quantity and amount: "bulk" from BULK pieces on, else "large" from LARGE cents
// on, else "small". The line goes on with its band; the band alone goes to `band` for counting.
interface OrderLine {
  order: string;
  sku: string;
  qty: number;
  net: number; // cents
}

type Band = "bulk" | "large" | "small";

export const actorMetadata = {
  name: "classify",
  description: "The band of each order line: bulk, large or small.",
  inports: [{ name: "in", type: "object", description: "An order line with qty and net." }],
  outports: [
    { name: "out", type: "object", description: "The line with its band." },
    { name: "band", type: "string", description: "The band of each line." },
  ],
};

const BULK: number = 10;
const LARGE: number = 100_00;

function bandOf(line: OrderLine): Band {
  if (line.qty >= BULK) return "bulk";
  return line.net >= LARGE ? "large" : "small";
}

export function process(inputs: { in: OrderLine }, context: any) {
  const band: Band = bandOf(inputs.in);
  return { out: { ...inputs.in, band }, band };
}
