// B10 transform: a small JSON reshaping of {id, name, price, tags[]} (bench/Reflow.Benchmarks/Scripting/B10Scripting.cs).
export const actorMetadata = {
  name: "b10/Transform",
  description: "Turns {id, name, price, tags} into {id, label, total, n}.",
  inports: [{ name: "in", type: "object", description: "{id, name, price, tags[]}", required: true }],
  outports: [{ name: "out", type: "object", description: "{id, label, total, n}" }],
};

export function process(inputs) {
  const item = inputs.in;
  return { out: { id: item.id, label: item.name.toUpperCase(), total: item.price * 1.2, n: item.tags.length } };
}
