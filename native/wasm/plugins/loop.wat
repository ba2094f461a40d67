;; Misbehaves: process loops forever. The host stops it at the node's `timeout` (an epoch deadline per call).
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"component\":\"loop\",\"description\":\"never returns\",\"inports\":[{\"name\":\"in\",\"port_type\":\"Any\"}],\"outports\":[{\"name\":\"out\",\"port_type\":\"Any\"}]}")
  (global $metadata_length i32 (i32.const 140))
  ;; Copies guest bytes [at, at + n) into a new kernel block and sets it as the output.
  (func $output (param $at i32) (param $n i32) (local $block i64) (local $i i32)
    (local.set $block (call $alloc (i64.extend_i32_u (local.get $n))))
    (block $done (loop $copy
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (local.get $block) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (i32.add (local.get $at) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $copy)))
    (call $output_set (local.get $block) (i64.extend_i32_u (local.get $n))))
  (func (export "get_metadata") (result i32)
    (call $output (i32.const 16) (global.get $metadata_length))
    (i32.const 0))
  (func (export "process") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
