// The soak harness's JavaScript relay: forwards each message unchanged. Fault markers (the third field of the
// harness's "from|id|fault" text) make it throw ("jsthrow") or loop past its time limit ("jsloop"); the harness
// gives the node a short `timeout`, so the loop is stopped with a ScriptLimitException and counted as a failure.
export const actorMetadata = {
  name: "soak-relay",
  description: "Forwards each message unchanged; throws or loops forever on the harness's fault markers.",
  inports: [{ name: "in", type: "string", description: "A soak message." }],
  outports: [{ name: "out", type: "string", description: "The same message." }],
};

export function process(inputs) {
  const text = inputs.in;
  const fault = text.split("|")[2];
  if (fault === "jsthrow") {
    throw new Error("injected JavaScript failure: " + text);
  }
  if (fault === "jsloop") {
    for (;;) { }
  }
  return { out: text };
}
