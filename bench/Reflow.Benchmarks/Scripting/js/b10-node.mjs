// B10 row (c): Node.js runs the same function over the same messages (bench/Reflow.Benchmarks/Scripting/NodeRunner.cs).
// A long-lived child of the benchmark process: each line on stdin is one run, {"script", "workload", "count", "mode"};
// the answer is one line {"ns", "count", "checksum"}. The messages are made once per (workload, count, mode), before any
// timing, from the same formulas as B10Workload.cs. "ns" times the loop alone; the benchmark's own time adds one line
// each way over the pipes.
//   mode "native": the messages are JS values (a runtime written in JS, no conversion): process({in: v}).out per message.
//   mode "json":   each message arrives as JSON text and leaves as JSON text (JSON.parse, process, JSON.stringify): the
//                  conversion a host whose messages are not JS values pays, as the V8 row does.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const NAMES = ["sensor", "valve", "pump", "meter", "relay", "gauge", "probe", "switch"];
const TAGS = ["red", "green", "blue"];
const modules = new Map();
const inputs = new Map();

function input(workload, i) {
  if (workload === "identity") return i;
  return { id: i, name: `${NAMES[i % NAMES.length]}-${i % 100}`, price: (i % 1000) / 4 + 0.5, tags: TAGS.slice(0, i % 4) };
}

function messages(workload, count, mode) {
  const key = `${workload}/${count}/${mode}`;
  let list = inputs.get(key);
  if (!list) {
    list = new Array(count);
    for (let i = 0; i < count; i++) {
      const value = input(workload, i);
      list[i] = mode === "json" ? JSON.stringify(value) : value;
    }
    inputs.set(key, list);
  }
  return list;
}

// The same fold as B10Checksum.cs.
function fold(sum, workload, out) {
  sum.count++;
  if (workload === "identity") {
    if (typeof out !== "number") throw new Error(`unexpected output ${JSON.stringify(out)}`);
    sum.integers += out;
    return;
  }
  sum.ids += out.id;
  sum.ns += out.n;
  sum.totals += out.total;
  const label = out.label;
  for (let c = 0; c < label.length; c++) sum.labelCodes += label.charCodeAt(c);
}

async function run(request) {
  let mod = modules.get(request.script);
  if (!mod) {
    mod = await import(pathToFileURL(request.script).href);
    modules.set(request.script, mod);
  }
  const fn = mod.process;
  const { workload, count, mode } = request;
  const list = messages(workload, count, mode);
  const sum = { count: 0, integers: 0, ids: 0, ns: 0, labelCodes: 0, totals: 0 };
  let bytes = 0;
  const start = process.hrtime.bigint();
  if (mode === "json") {
    for (let i = 0; i < count; i++) {
      const out = fn({ in: JSON.parse(list[i]) }).out;
      bytes += JSON.stringify(out).length; // the text a host would read back
      fold(sum, workload, out);
    }
  } else {
    for (let i = 0; i < count; i++) fold(sum, workload, fn({ in: list[i] }).out);
  }
  const ns = Number(process.hrtime.bigint() - start);
  return { ns, count, bytes, checksum: sum };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await run(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
