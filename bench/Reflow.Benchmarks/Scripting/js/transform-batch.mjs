// B10 transform, batch variant: one call per run of messages, the same reshaping as transform.mjs for each
// (bench/Reflow.Benchmarks/Scripting/B10Scripting.cs).
export const actorMetadata = {
  name: "b10/TransformBatch",
  description: "Turns each {id, name, price, tags} of a batch into {id, label, total, n}.",
  inports: [{ name: "in", type: "object", description: "{id, name, price, tags[]}", required: true }],
  outports: [{ name: "out", type: "object", description: "{id, label, total, n}" }],
};

export function processBatch(batch, context) {
  for (let i = 0; i < batch.length; i++) {
    const item = batch[i].value;
    context.send("out", { id: item.id, label: item.name.toUpperCase(), total: item.price * 1.2, n: item.tags.length });
  }
}
