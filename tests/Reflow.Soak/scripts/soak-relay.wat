;; The soak harness's WebAssembly relay (batch ABI v1, see docs/wasm.md): forwards every frame unchanged to out-port 0
;; and traps (unreachable) when a batch holds the byte '~' (0x7E), the harness's "WASM trap" fault marker. max_batch 1:
;; one message per call, so one trap fails exactly one message and the harness can account for it.
;; Compiled with Wasmtime's own text parser into soak-relay.wasm (checked in; a test checks the two agree).
(module
  (memory (export "memory") 2)
  (data (i32.const 16) "{\"component\":\"SoakWasmRelay\",\"description\":\"Forwards each message unchanged; traps on a message holding a tilde.\",\"inports\":[{\"name\":\"in\",\"description\":\"any message\",\"port_type\":\"Any\",\"required\":true}],\"outports\":[{\"name\":\"out\",\"description\":\"the same message\",\"port_type\":\"Any\",\"required\":false}],\"max_batch\":1}")
  ;; The metadata JSON: (16 << 32) | its length.
  (func (export "reflow_metadata") (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 312)))
  ;; One input buffer at 64 KiB, the memory grown to hold it (a fresh instance per call: nothing to keep).
  (func (export "reflow_alloc") (param $n i32) (result i32)
    (local $pages i32)
    (local.set $pages (i32.shr_u (i32.add (i32.add (i32.const 65536) (local.get $n)) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then (if (i32.lt_s (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const 0)) (then unreachable))))
    (i32.const 65536))
  ;; Input and output batches share a layout and there is one in-port, so the input is its own output.
  (func (export "reflow_process") (param $ptr i32) (param $len i32) (result i64)
    (local $at i32) (local $end i32)
    (local.set $at (i32.add (local.get $ptr) (i32.const 4)))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done (loop $scan
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 126)) (then unreachable))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $scan)))
    (if (i32.eqz (i32.load (local.get $ptr))) (then (return (i64.const 0))))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
