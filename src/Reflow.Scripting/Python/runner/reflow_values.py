"""How values cross between the worker and the host: what marshal may carry as it is, what must be converted
first (numpy values, tuples, sets, FLOW, exceptions), and the kinds a plain value does not say (Flow 0, Error 9)."""

import reflow_api


def plain(value, path, depth=0):
    """A value marshal can carry, or TypeError naming where it is not: only on the slow path, after marshal refused
    the reply (numpy scalars and arrays, tuples, sets, bytearrays, exceptions and FLOW nested in a value)."""
    if depth > 256:
        raise TypeError("%s is nested deeper than 256 (a cycle?)" % path)
    t = type(value)
    if t in (int, str, float, bool, bytes) or value is None:
        return value
    if value is reflow_api.FLOW:
        return None
    if isinstance(value, BaseException):
        return str(value)
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, dict):
        return {(k if type(k) is str else str(k)): plain(v, "%s[%r]" % (path, k), depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v, "%s[%d]" % (path, i), depth + 1) for i, v in enumerate(value)]
    if hasattr(value, "tolist") and callable(value.tolist):
        return plain(value.tolist(), path, depth + 1)
    if hasattr(value, "item") and callable(value.item):
        return plain(value.item(), path, depth + 1)
    for base in (bool, int, float, str, bytes):  # a subclass (an IntEnum, a str-based enum) as its plain value
        if isinstance(value, base):
            return base(value)
    raise TypeError("%s is a %s, which cannot be a message (send None, bool, int, float, str, bytes, list or dict)"
                    % (path, t.__name__))


def incoming(item):
    """A top-level message the plain value does not describe: kind 0 Flow, 9 Error."""
    kind = item[2]
    if kind == 0:
        return reflow_api.FLOW
    if kind == 9:
        return reflow_api.Error(item[1])
    return item[1]


def is_clean(value, depth):
    """Whether marshal carries ``value`` as the message it is. marshal alone is not enough: it writes any object with
    the buffer protocol (a numpy scalar or array, an array.array) as bytes without a word, so containers are walked
    (about 0.1 us per item) and anything else goes through ``plain``."""
    t = type(value)
    if t is str or t is int or t is float or t is bool or t is bytes or value is None:
        return True
    if depth > 256:
        return False
    if t is dict:
        for key, item in value.items():
            if type(key) is not str or not is_clean(item, depth + 1):
                return False
        return True
    if t is list:
        for item in value:
            if not is_clean(item, depth + 1):
                return False
        return True
    return False


def outgoing(index, value, names):
    """One output item: (port, value), or (port, value, kind) for a Flow (0) or an Error (9) at the top."""
    if is_clean(value, 0):
        return (index, value)
    if value is reflow_api.FLOW:
        return (index, None, 0)
    if isinstance(value, BaseException):
        return (index, str(value), 9)
    return (index, plain(value, "the value sent on '%s'" % names[index]))
