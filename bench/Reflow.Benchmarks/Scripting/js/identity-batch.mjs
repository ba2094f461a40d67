// B10 identity, batch variant: one call per run of messages; each goes out unchanged (bench/Reflow.Benchmarks/Scripting/B10Scripting.cs).
export const actorMetadata = {
  name: "b10/IdentityBatch",
  description: "Sends each message of a batch on unchanged.",
  inports: [{ name: "in", type: "any", description: "any message", required: true }],
  outports: [{ name: "out", type: "any", description: "the same message" }],
};

export function processBatch(batch, context) {
  for (let i = 0; i < batch.length; i++) {
    context.send("out", batch[i].value);
  }
}
