// B10 identity: every message goes out unchanged (bench/Reflow.Benchmarks/Scripting/B10Scripting.cs).
export const actorMetadata = {
  name: "b10/Identity",
  description: "Sends each message on unchanged.",
  inports: [{ name: "in", type: "any", description: "any message", required: true }],
  outports: [{ name: "out", type: "any", description: "the same message" }],
};

export function process(inputs) {
  return { out: inputs.in };
}
