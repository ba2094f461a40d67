// reflow.ts — the guest SDK of Reflow's batch ABI (v1) for AssemblyScript plugins.
//
//   import * as reflow from "../reflow";
//   export { reflow_alloc, reflow_error } from "../reflow";   // AssemblyScript exports only what the entry file names
//   export function reflow_metadata(): i64 { return reflow.metadata(`{"component": ...}`); }
//   export function reflow_process(ptr: usize, len: u32): i64 {
//     if (!reflow.begin(ptr, len)) return -1;
//     let got: i32;
//     while ((got = reflow.next()) == 1) { ... reflow.forward(0) ... }
//     return got < 0 ? -1 : reflow.end();
//   }
//
// Build: asc plugin.ts --outFile plugin.wasm --runtime stub -O3 --noAssert --use abort=   (see native/wasm/README.md, "The batch ABI")
//
// NO `env.abort` IMPORT. The host gives a batch plugin no `env` module, and AssemblyScript imports env.abort for every
// `throw` and checked operation that can be reached. This SDK reaches none: it reads and writes memory with load/store,
// and asks the runtime only for sizes it has masked below the allocator's limit, so the optimizer drops the checks.
// A plugin that uses strings, arrays or `new` may pull env.abort in; build it with `--use abort=` to make an abort a
// trap instead (the host reports a trap as the node's failure).
//
// MEMORY AND OWNERSHIP. The SDK keeps two buffers for the life of the instance, from the runtime's heap (heap.alloc):
// the input buffer it hands to the host in reflow_alloc (the same one while large enough, so the host may reuse it) and
// the output batch, emptied at each begin() and grown when needed. Everything the reader hands out (pointers to
// messages, text views) points INTO the input buffer and is valid until the call returns. Pointers into the output
// (forward's result) are valid until the next write. The output batch returned by end() lives until the next call.
// Objects the plugin allocates itself live in the runtime's heap: with --runtime stub (a bump allocator that never
// frees) they are reclaimed by the fresh instance each call gets; with "keep_instance": true in the metadata build with
// --runtime minimal and call __collect() at the end of reflow_process, or allocate nothing per call.

// ------------------------------------------------------------------------------------------------------------------
// Message kinds: the first byte of every encoded message.
// ------------------------------------------------------------------------------------------------------------------
export const FLOW: u32 = 0;
export const NULL: u32 = 1;
export const BOOLEAN: u32 = 2;
export const INTEGER: u32 = 3;
export const FLOAT: u32 = 4;
export const STRING: u32 = 5;
export const BYTES: u32 = 6;
export const ARRAY: u32 = 7;
export const OBJECT: u32 = 8;
export const ERROR: u32 = 9;
export const OPEN_BRACKET: u32 = 10;
export const CLOSE_BRACKET: u32 = 11;
/** What kindAt returns for a value with no bytes left. */
export const INVALID: u32 = 255;

/** The kind's name as the host spells it ("Integer", "String", ...); "Invalid" for an unknown kind. */
export function kindName(kind: u32): string {
  switch (kind) {
    case FLOW: return "Flow";
    case NULL: return "Null";
    case BOOLEAN: return "Boolean";
    case INTEGER: return "Integer";
    case FLOAT: return "Float";
    case STRING: return "String";
    case BYTES: return "Bytes";
    case ARRAY: return "Array";
    case OBJECT: return "Object";
    case ERROR: return "Error";
    case OPEN_BRACKET: return "OpenBracket";
    case CLOSE_BRACKET: return "CloseBracket";
    default: return "Invalid";
  }
}

/** (ptr << 32) | len, the way the ABI returns a region of memory. */
// @ts-ignore: decorator
@inline export function pack(ptr: usize, len: u32): i64 {
  return <i64>((<u64>ptr << 32) | <u64>len);
}

// The runtime's allocators check sizes against a 1 GiB limit and throw (import env.abort) above it; a masked size
// lets the optimizer prove the check false. Every size here is far below 256 MiB in practice (the host's memory
// limit), and a larger request would anyway not fit the limit: memory.grow fails, which is a trap.
// The only caller of the runtime's allocator, so the optimizer inlines it here, next to the mask.
function heapAlloc(size: u32): usize {
  return heap.alloc(<usize>(size & 0x0FFFFFFF));
}

// ------------------------------------------------------------------------------------------------------------------
// reflow_alloc and the input buffer.
// ------------------------------------------------------------------------------------------------------------------
let inPtr: usize = 0;
let inCap: u32 = 0;
let inOld: usize = 0; // the buffer a larger one replaced: the host copies from it first, so it is freed at begin()

/** The ABI's allocator (for the host): a buffer of >= len bytes for the host to write a batch into; the same buffer
 *  while it is large enough, else a new one at least twice the size. The host may copy what it wrote from the old
 *  buffer into the new one, so the old one is freed only at the next begin(). 0 when len is 256 MiB or more. */
export function reflow_alloc(len: u32): usize {
  if (inPtr != 0 && len <= inCap) return inPtr;
  if (len >= 0x0FFFFFFF) return 0;
  let cap: u32 = len < 4096 ? 4096 : len;
  if (cap < inCap * 2 && inCap * 2 < 0x0FFFFFFF) cap = inCap * 2;
  if (inOld != 0) heap.free(inOld);
  inOld = inPtr;
  inPtr = heapAlloc(cap);
  inCap = cap;
  return inPtr;
}

// ------------------------------------------------------------------------------------------------------------------
// Failure.
// ------------------------------------------------------------------------------------------------------------------
let errPtr: usize = 0;
let errCap: u32 = 0;
let errLen: u32 = 0;

/** Records `message` as the failure (reflow_error reports it) and returns -1, the failure value of reflow_process:
 *  `return reflow.fail("...")`. From reflow_init, return a non-zero i32 after calling it. */
export function fail(message: string): i64 {
  let need = utf8Length(changetype<usize>(message), <u32>message.length);
  if (need > errCap) {
    if (errPtr != 0) heap.free(errPtr);
    errCap = need < 256 ? 256 : need;
    errPtr = heapAlloc(errCap);
  }
  errLen = encodeUtf8(changetype<usize>(message), <u32>message.length, errPtr);
  return -1;
}

/** The ABI's error export: (ptr << 32) | len of the last failure's UTF-8 message; 0 when there was none. */
export function reflow_error(): i64 {
  return errLen == 0 ? 0 : pack(errPtr, errLen);
}

// ------------------------------------------------------------------------------------------------------------------
// UTF-16 (AssemblyScript strings) <-> UTF-8 (the wire), without allocating.
// ------------------------------------------------------------------------------------------------------------------

/** The UTF-8 byte count of `units` UTF-16 code units at `src` (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(src: usize, units: u32): u32 {
  let n: u32 = 0;
  for (let i: u32 = 0; i < units; i++) {
    let c = <u32>load<u16>(src + (<usize>i << 1));
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if ((c & 0xFC00) == 0xD800 && i + 1 < units && (<u32>load<u16>(src + (<usize>(i + 1) << 1)) & 0xFC00) == 0xDC00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** Writes `units` UTF-16 code units at `src` as UTF-8 at `dst` (lone surrogates become U+FFFD); returns the bytes. */
export function encodeUtf8(src: usize, units: u32, dst: usize): u32 {
  let o = dst;
  for (let i: u32 = 0; i < units; i++) {
    let c = <u32>load<u16>(src + (<usize>i << 1));
    if (c < 0x80) { store<u8>(o++, c); continue; }
    if (c < 0x800) { store<u8>(o++, 0xC0 | (c >> 6)); store<u8>(o++, 0x80 | (c & 0x3F)); continue; }
    if ((c & 0xF800) == 0xD800) {
      let d = i + 1 < units ? <u32>load<u16>(src + (<usize>(i + 1) << 1)) : 0;
      if ((c & 0xFC00) == 0xD800 && (d & 0xFC00) == 0xDC00) {
        let cp = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
        store<u8>(o++, 0xF0 | (cp >> 18)); store<u8>(o++, 0x80 | ((cp >> 12) & 0x3F));
        store<u8>(o++, 0x80 | ((cp >> 6) & 0x3F)); store<u8>(o++, 0x80 | (cp & 0x3F));
        i++;
        continue;
      }
      c = 0xFFFD;
    }
    store<u8>(o++, 0xE0 | (c >> 12)); store<u8>(o++, 0x80 | ((c >> 6) & 0x3F)); store<u8>(o++, 0x80 | (c & 0x3F));
  }
  return <u32>(o - dst);
}

/** UTF-16 code units of `len` bytes of valid UTF-8: one per byte that is not a continuation byte, two for a 4-byte
 *  sequence. MemoryPack's string header carries this count. */
export function utf16Length(utf8: usize, len: u32): u32 {
  let units: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    let b = <u32>load<u8>(utf8 + i);
    units += <u32>((b & 0xC0) != 0x80) + <u32>(b >= 0xF0);
  }
  return units;
}

// ------------------------------------------------------------------------------------------------------------------
// Metadata.
// ------------------------------------------------------------------------------------------------------------------
let metaPtr: usize = 0;
let metaLen: u32 = 0;

/** The value for reflow_metadata: `json` (the component description) as UTF-8, encoded on the first call. */
export function metadata(json: string): i64 {
  if (metaPtr == 0) {
    let units = <u32>json.length;
    metaPtr = heapAlloc(utf8Length(changetype<usize>(json), units));
    metaLen = encodeUtf8(changetype<usize>(json), units, metaPtr);
  }
  return pack(metaPtr, metaLen);
}

// ------------------------------------------------------------------------------------------------------------------
// Reading. A value is a pointer to an encoded message (its kind byte); every accessor checks it against `limit`, the
// end of the current frame (or of the settings).
// ------------------------------------------------------------------------------------------------------------------
let batchEnd: usize = 0;
let cursor: usize = 0;
let remaining: u32 = 0;
let limit: usize = 0;
let curPort: u32 = 0;
let curMsg: usize = 0;
let curLen: u32 = 0;

/** Starts a reflow_process call: opens the batch of `len` bytes at `ptr` and empties the output batch.
 *  false = the batch is shorter than its count (failure recorded: return -1). */
export function begin(ptr: usize, len: u32): bool {
  errLen = 0;
  if (inOld != 0) { heap.free(inOld); inOld = 0; }
  outReset();
  batchEnd = ptr + len;
  if (len < 4) { fail("batch shorter than its 4-byte count"); return false; }
  remaining = load<u32>(ptr);
  cursor = ptr + 4;
  return true;
}

/** Moves to the next frame: 1 = a frame (framePort/frameMessage/...), 0 = no more, -1 = a frame runs past the batch
 *  (failure recorded: return -1). */
export function next(): i32 {
  if (remaining == 0) return 0;
  if (batchEnd - cursor < 5) { fail("batch frame header past the end of the batch"); return -1; }
  let n = load<u32>(cursor, 1);
  if (<usize>n > batchEnd - cursor - 5) { fail("batch frame length past the end of the batch"); return -1; }
  curPort = <u32>load<u8>(cursor);
  curMsg = cursor + 5;
  curLen = n;
  limit = curMsg + n;
  cursor = limit;
  remaining--;
  return 1;
}

/** The current frame's inport index (metadata order). */
export function framePort(): u32 { return curPort; }
/** The current frame's message: a value (pointer to its kind byte) valid until the call returns. */
export function frameMessage(): usize { return curMsg; }
/** The current frame's message length in bytes. */
export function frameLength(): u32 { return curLen; }
/** The current frame's message kind. */
export function frameKind(): u32 { return kindAt(curMsg); }

/** Opens the settings reflow_init receives (one encoded Object message) and returns it as a value. */
export function openSettings(ptr: usize, len: u32): usize {
  errLen = 0;
  limit = ptr + len;
  return ptr;
}

/** A value's kind; INVALID when it has no bytes. */
export function kindAt(v: usize): u32 { return v < limit ? <u32>load<u8>(v) : INVALID; }

/** An Integer's value (check kindAt first: 0 for another kind). */
export function intAt(v: usize): i64 {
  return v + 9 <= limit && load<u8>(v) == INTEGER ? load<i64>(v, 1) : 0;
}
/** A Float's value (NaN for another kind). */
export function floatAt(v: usize): f64 {
  return v + 9 <= limit && load<u8>(v) == FLOAT ? load<f64>(v, 1) : NaN;
}
/** An Integer or a Float as a double (NaN for another kind). */
export function numberAt(v: usize): f64 {
  return kindAt(v) == INTEGER ? <f64>intAt(v) : floatAt(v);
}
/** A Boolean's value (false for another kind). */
export function boolAt(v: usize): bool {
  return v + 2 <= limit && load<u8>(v) == BOOLEAN && load<u8>(v, 1) != 0;
}

// The text view set by textAt/keyAt.
let tPtr: usize = 0;
let tBytes: u32 = 0;
let tUtf16: bool = false;

/** The text view: where the last textAt/keyAt text starts ... */
export function textPtr(): usize { return tPtr; }
/** ... its length in bytes ... */
export function textBytes(): u32 { return tBytes; }
/** ... and whether it is in the rare UTF-16 form (textBytes/2 code units; the host writes it only for text that is
 *  not valid Unicode) rather than UTF-8. */
export function textIsUtf16(): bool { return tUtf16; }

// Reads the MemoryPack string at p; returns the bytes it takes, 0 = malformed.
function readText(p: usize): u32 {
  if (p + 4 > limit) return 0;
  let h = load<i32>(p);
  if (h >= 0) {
    let bytes = <u64>h * 2;
    if (bytes > <u64>(limit - p - 4)) return 0;
    tPtr = p + 4; tBytes = <u32>bytes; tUtf16 = h != 0;
    return 4 + <u32>bytes;
  }
  if (h == -1 || p + 8 > limit) return 0;
  let bytes = <u32>~h;
  if (<usize>bytes > limit - p - 8) return 0;
  tPtr = p + 8; tBytes = bytes; tUtf16 = false;
  return 8 + bytes;
}

/** A String's or an Error's text into the text view: true = textPtr/textBytes/textIsUtf16 set. */
export function textAt(v: usize): bool {
  let k = kindAt(v);
  return (k == STRING || k == ERROR) && readText(v + 1) != 0;
}

/** A String's or an Error's text as a new AssemblyScript string (allocates; "" for another kind). */
export function stringAt(v: usize): string {
  if (!textAt(v)) return "";
  if (tUtf16) {
    let s = __new(<usize>(tBytes & 0x0FFFFFFE), idof<string>());
    memory.copy(s, tPtr, tBytes);
    return changetype<string>(s);
  }
  let units = utf16Length(tPtr, tBytes);
  let s = __new(<usize>((units << 1) & 0x0FFFFFFE), idof<string>());
  decodeUtf8(tPtr, tBytes, s);
  return changetype<string>(s);
}

function decodeUtf8(src: usize, len: u32, dst: usize): void {
  let end = src + len;
  while (src < end) {
    let b = <u32>load<u8>(src++);
    let cp: u32;
    if (b < 0x80) cp = b;
    else if (b < 0xE0) cp = ((b & 0x1F) << 6) | (<u32>load<u8>(src++) & 0x3F);
    else if (b < 0xF0) { cp = ((b & 0x0F) << 12) | ((<u32>load<u8>(src) & 0x3F) << 6) | (<u32>load<u8>(src, 1) & 0x3F); src += 2; }
    else {
      cp = ((b & 0x07) << 18) | ((<u32>load<u8>(src) & 0x3F) << 12) | ((<u32>load<u8>(src, 1) & 0x3F) << 6) | (<u32>load<u8>(src, 2) & 0x3F);
      src += 3;
      cp -= 0x10000;
      store<u16>(dst, 0xD800 | (cp >> 10)); dst += 2;
      cp = 0xDC00 | (cp & 0x3FF);
    }
    store<u16>(dst, cp); dst += 2;
  }
}

/** Bytes: true = textPtr() is the first byte and textBytes() the length (the text view is reused for it). */
export function bytesAt(v: usize): bool {
  if (v + 5 > limit || load<u8>(v) != BYTES) return false;
  let n = load<u32>(v, 1);
  if (<usize>n > limit - v - 5) return false;
  tPtr = v + 5; tBytes = n; tUtf16 = false;
  return true;
}

/** The element count of an Array or entry count of an Object (0 for another kind). */
export function countAt(v: usize): u32 {
  let k = kindAt(v);
  return (k == ARRAY || k == OBJECT) && v + 5 <= limit ? load<u32>(v, 1) : 0;
}
/** The first element of an Array (a value) or the first key of an Object (for keyAt). Step on with skip. */
export function firstAt(v: usize): usize { return v + 5; }

/** An Object entry's key (at p) into the text view; returns the entry's value, 0 = malformed. */
export function keyAt(p: usize): usize {
  let n = readText(p);
  return n == 0 ? 0 : p + n;
}

/** Where the value at v ends (the next element, or the next entry's key); 0 = malformed or deeper than 64. */
export function skip(v: usize): usize { return skipAt(v, 0); }

function skipAt(v: usize, depth: u32): usize {
  if (v >= limit || depth > 64) return 0;
  let k = <u32>load<u8>(v);
  let avail = limit - v;
  switch (k) {
    case FLOW: case NULL: return v + 1;
    case BOOLEAN: return avail >= 2 ? v + 2 : 0;
    case INTEGER: case FLOAT: return avail >= 9 ? v + 9 : 0;
    case STRING: case ERROR: { let n = readText(v + 1); return n == 0 ? 0 : v + 1 + n; }
    case BYTES: {
      if (avail < 5) return 0;
      let n = load<u32>(v, 1);
      return <usize>n <= avail - 5 ? v + 5 + n : 0;
    }
    case ARRAY: case OBJECT: {
      if (avail < 5) return 0;
      let count = load<u32>(v, 1);
      let p = v + 5;
      for (let i: u32 = 0; i < count; i++) {
        if (k == OBJECT) { p = keyAt(p); if (p == 0) return 0; }
        p = skipAt(p, depth + 1);
        if (p == 0) return 0;
      }
      return p;
    }
    case OPEN_BRACKET: case CLOSE_BRACKET: {
      if (avail < 2) return 0;
      if (load<u8>(v, 1) == 0) return v + 2;
      return skipAt(v + 2, depth + 1);
    }
    default: return 0;
  }
}

/** The value of `key` in an Object, 0 when absent (or not an Object). */
export function getField(obj: usize, key: string): usize {
  if (kindAt(obj) != OBJECT) return 0;
  let units = <u32>key.length;
  let count = countAt(obj);
  let p = firstAt(obj);
  for (let i: u32 = 0; i < count; i++) {
    let value = keyAt(p);
    if (value == 0) return 0;
    if (!tUtf16 && textEquals(tPtr, tBytes, changetype<usize>(key), units)) return value;
    p = skip(value);
    if (p == 0) return 0;
  }
  return 0;
}

// UTF-8 bytes equal to UTF-16 units, compared by encoding one code point at a time into a small scratch area.
function textEquals(utf8: usize, bytes: u32, utf16: usize, units: u32): bool {
  if (utf8Length(utf16, units) != bytes) return false;
  let at: u32 = 0;
  for (let i: u32 = 0; i < units; i++) {
    let c = <u32>load<u16>(utf16 + (<usize>i << 1));
    let pair = (c & 0xFC00) == 0xD800 && i + 1 < units && (<u32>load<u16>(utf16 + (<usize>(i + 1) << 1)) & 0xFC00) == 0xDC00;
    let n = encodeUtf8(utf16 + (<usize>i << 1), pair ? 2 : 1, scratch);
    if (pair) i++;
    for (let j: u32 = 0; j < n; j++) if (load<u8>(scratch + j) != load<u8>(utf8 + at + j)) return false;
    at += n;
  }
  return true;
}
const scratch = memory.data(8);

/** A bracket's value (0 when v is not a bracket or has none). */
export function bracketValue(v: usize): usize {
  let k = kindAt(v);
  return (k == OPEN_BRACKET || k == CLOSE_BRACKET) && v + 3 <= limit && load<u8>(v, 1) == 1 ? v + 2 : 0;
}

// ------------------------------------------------------------------------------------------------------------------
// Writing the output batch: u32 count, then frames of u8 port, u32 length, message.
// ------------------------------------------------------------------------------------------------------------------
let out: usize = 0;
let outLen: u32 = 0;
let outCap: u32 = 0;
let frameAt: u32 = 0;
let outCount: u32 = 0;
let outFailed = false;

function outReset(): void {
  outLen = 4; outCount = 0; frameAt = 0; outFailed = false;
  if (out == 0) { outCap = 4096; out = heapAlloc(outCap); }
}

// Room for `more` bytes; the buffer moves when it grows (it is the SDK's own, kept between calls).
// @ts-ignore: decorator
@inline function room(more: u32): bool {
  return outLen + more <= outCap || grow(more);
}

function grow(more: u32): bool {
  let need = <u64>outLen + more;
  if (need >= 0x0FFFFFFF) { outFailed = true; fail("the output batch is over 256 MiB"); return false; }
  let cap = <u64>outCap * 2;
  if (cap < need) cap = need;
  if (cap >= 0x0FFFFFFF) cap = 0x0FFFFFFF - 1;
  let moved = heapAlloc(<u32>cap);
  memory.copy(moved, out, outLen);
  heap.free(out);
  out = moved;
  outCap = <u32>cap;
  return true;
}

/** Appends raw bytes to the open frame (false = the output is full: end() will fail). */
export function putRaw(ptr: usize, len: u32): bool {
  if (!room(len)) return false;
  memory.copy(out + outLen, ptr, len);
  outLen += len;
  return true;
}

// @ts-ignore: decorator
@inline function put8(b: u32): void { store<u8>(out + outLen, b); outLen += 1; }

/** Starts a frame to out-port `port` (outport index, metadata order): write one message, then frameEnd(). */
export function frameBegin(port: u32): bool {
  if (!room(5)) return false;
  frameAt = outLen;
  store<u8>(out + outLen, port);
  outLen += 5;
  return true;
}

/** Ends the open frame: patches its length and counts it. */
export function frameEnd(): bool {
  if (outFailed || frameAt == 0) return false;
  store<u32>(out + frameAt + 1, outLen - frameAt - 5);
  frameAt = 0;
  outCount++;
  return true;
}

/** Value writers, inside a frame, an array or an object. false = the output is full. */
export function putFlow(): bool { if (!room(1)) return false; put8(FLOW); return true; }
export function putNull(): bool { if (!room(1)) return false; put8(NULL); return true; }
export function putBool(b: bool): bool { if (!room(2)) return false; put8(BOOLEAN); put8(b ? 1 : 0); return true; }
export function putInt(v: i64): bool {
  if (!room(9)) return false;
  put8(INTEGER); store<i64>(out + outLen, v); outLen += 8;
  return true;
}
export function putFloat(v: f64): bool {
  if (!room(9)) return false;
  put8(FLOAT); store<f64>(out + outLen, v); outLen += 8;
  return true;
}

// A MemoryPack string from UTF-16 units (UTF-8 form; empty text as the 4-byte zero header, as the host writes it).
function putTextUtf16(src: usize, units: u32): bool {
  if (units == 0) { if (!room(4)) return false; store<u32>(out + outLen, 0); outLen += 4; return true; }
  let bytes = utf8Length(src, units);
  if (!room(8 + bytes)) return false;
  store<i32>(out + outLen, ~<i32>bytes);
  store<u32>(out + outLen, units, 4);
  encodeUtf8(src, units, out + outLen + 8);
  outLen += 8 + bytes;
  return true;
}

/** A MemoryPack string from `len` bytes of UTF-8 at `utf8` (not validated: the host rejects invalid text). */
export function putTextUtf8(utf8: usize, len: u32): bool {
  if (len == 0) { if (!room(4)) return false; store<u32>(out + outLen, 0); outLen += 4; return true; }
  if (!room(8 + len)) return false;
  store<i32>(out + outLen, ~<i32>len);
  store<u32>(out + outLen, utf16Length(utf8, len), 4);
  memory.copy(out + outLen + 8, utf8, len);
  outLen += 8 + len;
  return true;
}

/** A String message. A lone surrogate in `s` is written as U+FFFD. */
export function putString(s: string): bool {
  if (!room(1)) return false;
  put8(STRING);
  return putTextUtf16(changetype<usize>(s), <u32>s.length);
}
/** A String message from UTF-8 bytes. */
export function putStringUtf8(utf8: usize, len: u32): bool {
  if (!room(1)) return false;
  put8(STRING);
  return putTextUtf8(utf8, len);
}
/** An Error message. */
export function putError(s: string): bool {
  if (!room(1)) return false;
  put8(ERROR);
  return putTextUtf16(changetype<usize>(s), <u32>s.length);
}
/** Bytes. */
export function putBytes(ptr: usize, len: u32): bool {
  if (!room(5 + len)) return false;
  put8(BYTES); store<u32>(out + outLen, len); outLen += 4;
  memory.copy(out + outLen, ptr, len); outLen += len;
  return true;
}
/** An Array of `count` elements: write exactly `count` values after it. */
export function putArray(count: u32): bool {
  if (!room(5)) return false;
  put8(ARRAY); store<u32>(out + outLen, count); outLen += 4;
  return true;
}
/** An Object of `count` entries: write `count` pairs of putKey + one value. Keys must be distinct. */
export function putObject(count: u32): bool {
  if (!room(5)) return false;
  put8(OBJECT); store<u32>(out + outLen, count); outLen += 4;
  return true;
}
/** An Object key. */
export function putKey(key: string): bool { return putTextUtf16(changetype<usize>(key), <u32>key.length); }
/** A bracket; with hasValue, write its one (non-bracket) value after it. */
export function putBracket(open: bool, hasValue: bool): bool {
  if (!room(2)) return false;
  put8(open ? OPEN_BRACKET : CLOSE_BRACKET); put8(hasValue ? 1 : 0);
  return true;
}
/** A value read from the input, copied as it is encoded (no decoding). */
export function putValue(v: usize): bool {
  let end = skip(v);
  if (end == 0) { outFailed = true; fail("putValue: the value is not a valid message"); return false; }
  return putRaw(v, <u32>(end - v));
}

/** One-call emitters: a whole frame with one message to out-port `port`. */
export function emitFlow(port: u32): bool { return frameBegin(port) && putFlow() && frameEnd(); }
export function emitNull(port: u32): bool { return frameBegin(port) && putNull() && frameEnd(); }
export function emitBool(port: u32, b: bool): bool { return frameBegin(port) && putBool(b) && frameEnd(); }
export function emitInt(port: u32, v: i64): bool { return frameBegin(port) && putInt(v) && frameEnd(); }
export function emitFloat(port: u32, v: f64): bool { return frameBegin(port) && putFloat(v) && frameEnd(); }
export function emitString(port: u32, s: string): bool { return frameBegin(port) && putString(s) && frameEnd(); }
export function emitError(port: u32, s: string): bool { return frameBegin(port) && putError(s) && frameEnd(); }
export function emitBytes(port: u32, ptr: usize, len: u32): bool { return frameBegin(port) && putBytes(ptr, len) && frameEnd(); }

/** Forwards the current frame's message unchanged (copied, not decoded) to out-port `port`. Returns where the copy
 *  starts in the output (its kind byte), for changes in place that keep its length; valid until the next write.
 *  0 = the output is full. */
export function forward(port: u32): usize {
  if (!room(5 + curLen)) return 0;
  let at = out + outLen;
  store<u8>(at, port);
  store<u32>(at, curLen, 1);
  memory.copy(at + 5, curMsg, curLen);
  outLen += 5 + curLen;
  outCount++;
  return at + 5;
}

/** Ends a reflow_process call: the packed output batch (0 when nothing was emitted), or -1 when a writer failed. */
export function end(): i64 {
  if (outFailed || frameAt != 0) {
    if (errLen == 0) fail(frameAt != 0 ? "a frame was begun but not ended" : "the output batch could not be written");
    return -1;
  }
  if (outCount == 0) return 0;
  store<u32>(out, outCount);
  return pack(out, outLen);
}
