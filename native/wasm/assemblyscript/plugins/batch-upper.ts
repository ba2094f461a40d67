// batch-upper — upper-cases the ASCII letters of every String message (other characters, and every other kind of
// message, pass through unchanged) to out-port 0. Each frame is forwarded as it is encoded and the letters are changed
// in the copy: an ASCII case change keeps the UTF-8 length and the UTF-16 length in the string's header.
import * as reflow from "../reflow";
export { reflow_alloc, reflow_error } from "../reflow";

export function reflow_metadata(): i64 {
  // One template literal, not a concatenation: that would allocate at run time.
  return reflow.metadata(`{
    "component": "BatchUpper",
    "description": "Upper-cases the ASCII letters of String messages; passes others through (batch ABI).",
    "inports": [{"name": "in", "description": "any message", "port_type": "Any", "required": true}],
    "outports": [{"name": "out", "description": "the message, String upper-cased", "port_type": "Any", "required": false}]
  }`);
}

export function reflow_process(ptr: usize, len: u32): i64 {
  if (!reflow.begin(ptr, len)) return -1;
  let got: i32;
  while ((got = reflow.next()) == 1) {
    let isString = reflow.frameKind() == reflow.STRING && reflow.textAt(reflow.frameMessage());
    let copy = reflow.forward(0);
    if (copy == 0 || !isString) continue;
    // The copy's text sits at the same offset from its start as the input's.
    let text = copy + (reflow.textPtr() - reflow.frameMessage());
    let n = reflow.textBytes();
    if (reflow.textIsUtf16()) {
      for (let i: usize = 0; i < <usize>n; i += 2) {
        let c = load<u16>(text + i);
        if (c >= 0x61 && c <= 0x7A) store<u16>(text + i, c - 0x20);
      }
    } else {
      for (let i: usize = 0; i < <usize>n; i++) {
        let c = load<u8>(text + i);
        if (c >= 0x61 && c <= 0x7A) store<u8>(text + i, c - 0x20);
      }
    }
  }
  return got < 0 ? -1 : reflow.end();
}
