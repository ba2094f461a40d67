"""How the Python worker's frame encoding was chosen (issue 19): the cost, inside Python, of decoding one batch of
messages from the host and encoding the replies, for three codecs over the same three workloads.

    python3 bench/python/codec_compare.py [--rounds 5] [--batch 1000]

- binary:  Reflow's own binary message format (MessageFormatter: kind byte, little-endian scalars, MemoryPack
           strings), decoded and encoded in pure Python with struct, with fast paths for Integer and String frames;
- json:    JSON lines (the batch as one JSON array of [port, value], the stdlib's C-accelerated json);
- marshal: Python's marshal, version 2 (the stdlib's C codec; what the worker speaks).

Prints ns per message (decode + encode) per round and the median. Standard library only.
"""

import argparse
import json
import marshal
import statistics
import struct
import time

_q = struct.Struct("<q")
_d = struct.Struct("<d")
_i = struct.Struct("<i")
_u32 = struct.Struct("<I")
_frame = struct.Struct("<BI")
_int_frame = struct.Struct("<BIBq")
_str_frame = struct.Struct("<BIBii")


def _string(buf, o):
    n = _i.unpack_from(buf, o)[0]
    if n < 0:  # MemoryPack's UTF-8 form: ~byte length, then the UTF-16 length, then the bytes
        n = ~n
        o += 8
        return buf[o:o + n].decode(), o + n
    o += 4
    return buf[o:o + 2 * n].decode("utf-16-le"), o + 2 * n


def _decode(buf, o):
    kind = buf[o]
    o += 1
    if kind == 3:
        return _q.unpack_from(buf, o)[0], o + 8
    if kind == 5:
        return _string(buf, o)
    if kind == 4:
        return _d.unpack_from(buf, o)[0], o + 8
    if kind == 1:
        return None, o
    if kind == 2:
        return buf[o] != 0, o + 1
    if kind == 8:
        n = _i.unpack_from(buf, o)[0]
        o += 4
        result = {}
        for _ in range(n):
            key, o = _string(buf, o)
            result[key], o = _decode(buf, o)
        return result, o
    if kind == 7:
        n = _i.unpack_from(buf, o)[0]
        o += 4
        result = []
        for _ in range(n):
            value, o = _decode(buf, o)
            result.append(value)
        return result, o
    raise ValueError("kind %d" % kind)


def _encode(value, out):
    t = type(value)
    if t is int:
        out += b"\x03" + _q.pack(value)
    elif t is str:
        b = value.encode()
        out += b"\x05" + _i.pack(~len(b)) + _i.pack(len(value)) + b
    elif t is float:
        out += b"\x04" + _d.pack(value)
    elif t is dict:
        out += b"\x08" + _i.pack(len(value))
        for key, item in value.items():
            b = key.encode()
            out += _i.pack(~len(b)) + _i.pack(len(key)) + b
            _encode(item, out)
    elif t is list:
        out += b"\x07" + _i.pack(len(value))
        for item in value:
            _encode(item, out)
    elif value is None:
        out += b"\x01"
    elif t is bool:
        out += b"\x02\x01" if value else b"\x02\x00"


def binary_batch(items):
    parts = [_u32.pack(len(items))]
    for port, value in items:
        t = type(value)
        if t is int:
            parts.append(_int_frame.pack(port, 9, 3, value))
        elif t is str:
            b = value.encode()
            parts.append(_str_frame.pack(port, 9 + len(b), 5, ~len(b), len(value)))
            parts.append(b)
        else:
            out = bytearray()
            _encode(value, out)
            parts.append(_frame.pack(port, len(out)))
            parts.append(bytes(out))
    return b"".join(parts)


def binary_unbatch(buf):
    n = _u32.unpack_from(buf, 0)[0]
    o = 4
    items = []
    for _ in range(n):
        port, length = _frame.unpack_from(buf, o)
        kind = buf[o + 5]
        if kind == 3:
            items.append((port, _q.unpack_from(buf, o + 6)[0]))
        elif kind == 5 and length > 9:
            items.append((port, buf[o + 14:o + 5 + length].decode()))
        else:
            items.append((port, _decode(buf, o + 5)[0]))
        o += 5 + length
    return items


CODECS = {
    "binary": (binary_batch, binary_unbatch),
    "json": (lambda items: json.dumps(items).encode(), lambda buf: json.loads(buf)),
    "marshal": (lambda items: marshal.dumps(items, 2), marshal.loads),
}


def workloads(batch):
    return {
        "integers": [(0, i) for i in range(batch)],
        "strings": [(0, "item%d" % i) for i in range(batch)],
        "objects": [(0, {"id": i, "name": "item%d" % i, "price": i * 1.5}) for i in range(batch)],
    }


def measure(encode, decode, items, repeat):
    wire = encode(items)
    start = time.perf_counter()
    for _ in range(repeat):
        encode(decode(wire))
    return (time.perf_counter() - start) / repeat / len(items) * 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    print("| workload | codec | median ns/msg | rounds |")
    print("|---|---|---:|---|")
    for name, items in workloads(args.batch).items():
        for codec, (encode, decode) in CODECS.items():
            if codec != "json":
                assert [tuple(x) for x in decode(encode(items))] == items, codec
            rounds = [measure(encode, decode, items, args.repeat) for _ in range(args.rounds)]
            print("| %s | %s | %.0f | %s |" % (name, codec, statistics.median(rounds), " ".join("%.0f" % r for r in rounds)))


if __name__ == "__main__":
    main()
