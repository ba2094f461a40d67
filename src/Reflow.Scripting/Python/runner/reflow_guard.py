"""The worker's own limits: the memory limit (RLIMIT_AS) and an audit hook that turns a reach for something the
node was not granted into a PermissionError worded as the other runtimes word it.

The hook is a courtesy, not the enforcement: Python cannot be sandboxed in-process (ctypes, C extensions), so the
host runs the worker under bubblewrap, which is what actually hides ungranted files and the network. The hook makes
the failure say what to grant instead of "No such file or directory".
"""

import os
import sys
import threading


def limit_memory(limit):
    """Caps the worker's address space at ``limit`` bytes (None: no cap); an allocation past it is a MemoryError."""
    if not limit:
        return
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def denial(kind, target):
    return PermissionError(
        "%s access to '%s' is not granted; grant it with --allow-%s=%s (or the permissions.%s configuration key)"
        % (kind, target, kind, target, kind))


class Guard:
    """Checks audit events against the node's grant. ``grant`` maps each kind (read, write, net, env, run) to True
    (unrestricted) or a list; ``own`` lists the directories the worker itself reads (the interpreter, the runner,
    the script's directory), always readable; ``scratch`` the worker's private directories (the sandbox's own /tmp),
    readable and writable: nothing of the host is in them."""

    def __init__(self, grant, own, scratch=()):
        self.read = self._paths(grant.get("read"))
        self.write = self._paths(grant.get("write"))
        self.net = grant.get("net") if grant.get("net") is True else [str(t).lower() for t in grant.get("net") or []]
        self.resolved = set()  # addresses ("ip", or "ip:port") granted because a granted name resolves to them
        self.local = threading.local()  # .resolving: this thread is inside resolve_granted's own lookup
        self.run = grant.get("run") if grant.get("run") is True else [str(p) for p in grant.get("run") or []]
        self.own = tuple(self._prefix(p) for p in own if p)
        self.scratch = tuple(self._prefix(p) for p in scratch if p)

    @staticmethod
    def _paths(value):
        if value is True:
            return True
        return tuple(Guard._prefix(p) for p in value or [])

    @staticmethod
    def _prefix(path):
        path = os.path.normpath(os.path.abspath(path))
        return path if path.endswith(os.sep) else path + os.sep

    @staticmethod
    def _under(path, prefixes):
        return prefixes is True or any(path.startswith(p) for p in prefixes)

    def check_open(self, path, mode, flags):
        if isinstance(path, int):
            return  # an open descriptor: reaching it was checked when it was opened
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        full = os.path.normpath(os.path.abspath(path))
        probe = full + os.sep
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC))
        if self._under(probe, self.scratch):
            return
        if writing:
            if not self._under(probe, self.write):
                raise denial("write", full)
        elif not (self._under(probe, self.read) or self._under(probe, self.write) or self._under(probe, self.own)):
            raise denial("read", full)

    def check_net(self, host, port):
        if self.net is True:
            return
        host = str(host).lower().strip("[]")
        target = "%s:%s" % (host, port) if port not in (None, 0, "0", "") else host
        if host in self.net or target in self.net or host in self.resolved or target in self.resolved:
            return
        raise denial("net", target)

    def resolve_granted(self, host, port):
        """A granted name is granted for the addresses it resolves to: the connect that follows a lookup sees only an
        address, and would otherwise refuse the very host the grant names. Resolved here, as the script's own lookup is
        about to; the addresses get the name's port (any port when the name is granted on any)."""
        if self.net is True or host is None or getattr(self.local, "resolving", False):
            return
        name = (host.decode("ascii", "replace") if isinstance(host, (bytes, bytearray)) else str(host)).lower().strip("[]")
        any_port = name in self.net
        if not any_port and ("%s:%s" % (name, port)) not in self.net:
            return
        import socket
        self.local.resolving = True  # the lookup below raises this same audit event: it is checked, not resolved again
        try:
            found = socket.getaddrinfo(name, port if not any_port else None)
        except OSError:
            return  # the script's own lookup reports it
        finally:
            self.local.resolving = False
        for info in found:
            address = str(info[4][0]).lower()
            self.resolved.add(address if any_port else "%s:%s" % (address, port))

    def check_run(self, program):
        """As the host checks ``run``: a bare name is granted by that name (the program the PATH finds for it), a path
        by that program file, links resolved -- never some other file that has a granted program's name (one the script
        wrote into its /tmp, say)."""
        if self.run is True:
            return
        if isinstance(program, (bytes, bytearray)):
            program = os.fsdecode(program)
        if isinstance(program, (list, tuple)):
            program = program[0] if program else ""
        program = str(program).strip()
        if os.sep not in program:
            if program and program in self.run:
                return
            raise denial("run", program)
        target = os.path.realpath(program)
        if any(os.sep in p and os.path.realpath(p) == target for p in self.run):
            return
        name = os.path.basename(target)
        if name in self.run and self._found_on_path(os.path.basename(program)) == target:
            return  # a granted name, run by the path the PATH gives it (os.execvp reports the full path)
        raise denial("run", target)

    @staticmethod
    def _found_on_path(name):
        import shutil
        found = shutil.which(name)
        return os.path.realpath(found) if found else None

    def hook(self, event, args):
        if event == "open":
            self.check_open(*args[:3])
        elif event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and len(address) >= 2:
                self.check_net(address[0], address[1])
        elif event == "socket.getaddrinfo":
            if args[0] is not None:
                self.check_net(args[0] if not isinstance(args[0], bytes) else args[0].decode("ascii", "replace"), args[1])
                self.resolve_granted(args[0], args[1])
        elif event in ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn"):
            program = args[1] if event == "os.spawn" else args[0]
            if event == "subprocess.Popen" and program is None:
                program = args[1]
            self.check_run(program)
        elif event == "os.system":
            self.check_run("/bin/sh")  # the shell runs the command line, whatever its first word


def install(grant, own, scratch=()):
    """Installs the hook unless everything is granted (then there is nothing to check and nothing to pay)."""
    if all(grant.get(kind) is True for kind in ("read", "write", "net", "run")):
        return
    sys.addaudithook(Guard(grant, own, scratch).hook)
