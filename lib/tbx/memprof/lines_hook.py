# tbx memprof --lines: the line-by-line memory hook. tbx writes this file as sitecustomize.py
# into a private directory put first on PYTHONPATH, so it runs in every Python process of the
# profiled tree. It records memory_profiler's table (Mem usage, Increment, Occurrences, the
# same arithmetic) plus the peak inside each line (VmHWM after a reset through
# /proc/self/clear_refs), and writes it as JSON into $TBX_MEMPROF_LINES_DIR when the process
# ends. The running maximum of VmHWM goes with it: the resets lower the kernel's own figure,
# so tbx takes this one to keep the whole run's peak exact.
import os
import sys


def _load_shadowed_sitecustomize():
    # The sitecustomize this module shadows (Debian ships one) still runs, first.
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # as site.py does for a failing sitecustomize
        sys.stderr.write("Error in sitecustomize; set PYTHONVERBOSE for traceback:\n"
                         "%s: %s\n" % (error.__class__.__name__, error))


_load_shadowed_sitecustomize()


class _Memory:
    """RSS and the high-water mark since the last reset, from /proc/self and getrusage."""

    def __init__(self):
        import resource

        self.page = os.sysconf("SC_PAGE_SIZE")
        self.statm = os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC)
        self.status = os.open("/proc/self/status", os.O_RDONLY | os.O_CLOEXEC)
        try:
            self.clear = os.open("/proc/self/clear_refs", os.O_WRONLY | os.O_CLOEXEC)
        except OSError:
            self.clear = -1  # no reset: each line's peak is then the run's peak so far
        self.getrusage = resource.getrusage
        self.rusage_self = resource.RUSAGE_SELF
        self.window_start = 0  # RSS at the last reset, where the kernel's VmHWM restarted
        self.running_max = 0

    def status_hwm(self):
        text = os.pread(self.status, 4096, 0)
        at = text.index(b"VmHWM:")
        return int(text[at + 6:text.index(b"kB", at)]) * 1024

    def read(self):
        """Returns (rss, hwm) in bytes and starts a new high-water window."""
        rss = int(os.pread(self.statm, 128, 0).split()[1]) * self.page
        low = rss if rss > self.window_start else self.window_start
        # The window's VmHWM is at least `low`; getrusage's ru_maxrss (one cheap system call)
        # is max(VmHWM, the figure a thread or the exec left at its exit): when it says no
        # more than `low`, VmHWM is `low`; else /proc/self/status says what it is.
        maxrss = self.getrusage(self.rusage_self).ru_maxrss * 1024
        hwm = low if maxrss <= low else self.status_hwm()
        if hwm > self.running_max:
            self.running_max = hwm
        if self.clear >= 0:
            os.write(self.clear, b"5")
            self.window_start = rss
        return rss, hwm


class _Profiler:
    def __init__(self, out_dir, specs):
        self.out_dir = out_dir
        self.specs = specs  # [(realpath, function or None)]; empty: @profile or main script
        self.memory = _Memory()
        self.decorated = set()
        self.owner = {}  # code -> the toplevel code whose table it feeds (nested code too)
        self.wanted = {}  # code -> its toplevel when profiled, else None (a cache)
        self.tables = {}  # toplevel code -> {line: [increment, mem, occurrences, peak]}
        self.order = []
        self.stack = []  # [current line, peak since it started, peak of the frame]
        self.prev_lineno = None
        self.main_file = None
        self.engine = None
        self.dumped = False

    # ---- which code is profiled ----
    def register(self, code, toplevel):
        if self.wanted.get(code) is not None:
            return
        self.wanted[code] = self.owner.setdefault(code, toplevel)
        toplevel = self.owner[code]
        if toplevel is code and code not in self.tables:
            self.tables[code] = {}
            self.order.append(code)
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                self.register(const, toplevel)

    def decorate(self, func):
        code = getattr(func, "__code__", None)
        if code is not None:
            if not self.decorated:
                self.wanted = {}  # from now on only decorated functions count
            self.decorated.add(code)
            self.register(code, code)
        return func

    def matches(self, code):
        filename = code.co_filename
        if self.specs:
            real = os.path.realpath(filename)
            qualname = getattr(code, "co_qualname", code.co_name)
            return any(real == path and (name is None or name in (code.co_name, qualname))
                       for path, name in self.specs)
        if self.decorated or code.co_name.startswith("<"):
            return False
        if self.main_file is None:
            main = sys.modules.get("__main__")
            path = getattr(main, "__file__", None)
            if path is None:
                return False
            self.main_file = os.path.realpath(path)
        return os.path.realpath(filename) == self.main_file

    def toplevel_of(self, code):
        if code not in self.wanted:
            self.wanted[code] = None
            if self.matches(code):
                self.register(code, code)
        return self.wanted[code]

    # ---- memory_profiler's arithmetic, plus the peak ----
    def trace(self, code, lineno, rss, peak):
        table = self.tables[self.owner[code]]
        value = table.get(lineno)
        prev = table.get(self.prev_lineno) if self.prev_lineno else None
        previous_memory = prev[1] if prev else 0
        if value is None:
            table[lineno] = [rss - previous_memory, rss, 1, peak]
        else:
            value[0] += rss - previous_memory
            value[1] = max(value[1], rss)
            value[2] += 1
            value[3] = max(value[3], peak)

    def on_call(self, code, lineno):
        rss, hwm = self.memory.read()
        if self.stack:
            self.stack[-1][1] = max(self.stack[-1][1], hwm)
        self.stack.append([lineno, rss, rss])

    def on_line(self, code, lineno):
        rss, hwm = self.memory.read()
        top = self.stack[-1]
        peak = max(top[1], hwm)
        self.trace(code, top[0], rss, peak)
        top[2] = max(top[2], peak)
        self.prev_lineno = top[0]
        top[0] = lineno
        top[1] = rss

    def on_return(self, code):
        rss, hwm = self.memory.read()
        top = self.stack.pop()
        peak = max(top[1], hwm)
        self.trace(code, top[0], rss, peak)
        self.prev_lineno = top[0]
        if self.stack:
            self.stack[-1][1] = max(self.stack[-1][1], top[2], peak)

    # ---- engines ----
    def start_settrace(self):
        def local(frame, event, arg):
            if event == "line":
                self.on_line(frame.f_code, frame.f_lineno)
            elif event == "return":
                self.on_return(frame.f_code)
            return local

        def global_trace(frame, event, arg):
            if event == "call" and self.toplevel_of(frame.f_code) is not None:
                self.on_call(frame.f_code, frame.f_lineno)
                return local
            return None

        sys.settrace(global_trace)
        self.engine = "settrace"

    def start_monitoring(self):
        mon = sys.monitoring
        tool = mon.PROFILER_ID
        if mon.get_tool(tool) is not None:
            tool = 4  # a free tool id when a profiler already holds PROFILER_ID
        mon.use_tool_id(tool, "tbx memprof")
        events = mon.events
        local_events = events.LINE | events.PY_RETURN | events.PY_YIELD | events.PY_RESUME
        watched = set()

        def start(code, offset):
            if self.toplevel_of(code) is None:
                return mon.DISABLE
            if code not in watched:
                watched.add(code)
                mon.set_local_events(tool, code, local_events)
            self.on_call(code, code.co_firstlineno)

        def resume(code, offset):
            self.on_call(code, _line_of(code, offset))

        def line(code, lineno):
            if self.stack:
                self.on_line(code, lineno)

        def leave(code, offset, value):
            if self.stack:
                self.on_return(code)

        mon.register_callback(tool, events.PY_START, start)
        mon.register_callback(tool, events.PY_RESUME, resume)
        mon.register_callback(tool, events.LINE, line)
        mon.register_callback(tool, events.PY_RETURN, leave)
        mon.register_callback(tool, events.PY_YIELD, leave)

        def unwind(code, offset, exception):
            # An exception leaving a profiled function ends its frame (a global event only).
            if code in watched and self.stack:
                self.on_return(code)

        mon.register_callback(tool, events.PY_UNWIND, unwind)
        mon.set_events(tool, events.PY_START | events.PY_UNWIND)
        self.engine = "sys.monitoring"

    # ---- the report ----
    def dump(self):
        if self.dumped:
            return
        self.dumped = True
        self.memory.read()
        sys.settrace(None)
        import inspect
        import json
        import linecache

        functions = []
        for code in self.order:
            if self.decorated and code not in self.decorated:
                continue
            table = self.tables[code]
            if not table:
                continue
            try:
                source, first = inspect.getsourcelines(code)
            except (OSError, TypeError):
                first = code.co_firstlineno
                source = linecache.getlines(code.co_filename)[first - 1:max(table) or first]
            first = max(first, 1)
            rows = []
            for offset, text in enumerate(source):
                number = first + offset
                stats = table.get(number)
                rows.append({"line": number, "contents": text.rstrip("\r\n"),
                             "mem_bytes": stats[1] if stats else None,
                             "increment_bytes": stats[0] if stats else None,
                             "occurrences": stats[2] if stats else None,
                             "peak_bytes": stats[3] if stats else None})
            functions.append({"file": code.co_filename,
                              "function": getattr(code, "co_qualname", code.co_name),
                              "first_line": first, "lines": rows})
        doc = {"pid": os.getpid(), "argv": list(sys.argv), "engine": self.engine,
               "python": sys.version.split()[0], "max_hwm_bytes": self.memory.running_max,
               "functions": functions}
        path = os.path.join(self.out_dir, "lines-%d.json" % os.getpid())
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(doc, out)
        os.rename(path + ".tmp", path)


def _line_of(code, offset):
    for start, end, line in code.co_lines():
        if start <= offset < end and line is not None:
            return line
    return code.co_firstlineno


def _install():
    out_dir = os.environ.get("TBX_MEMPROF_LINES_DIR")
    if not out_dir or not os.path.isdir(out_dir):
        return
    specs = []
    if os.environ.get("TBX_MEMPROF_LINES_SPEC"):
        import json

        for path, name in json.loads(os.environ["TBX_MEMPROF_LINES_SPEC"]):
            specs.append((os.path.realpath(path), name or None))
    profiler = _Profiler(out_dir, specs)
    import atexit
    import builtins

    # memory_profiler's @profile: scripts written for it run unchanged.
    builtins.profile = profiler.decorate
    with open(os.path.join(out_dir, "started-%d" % os.getpid()), "w"):
        pass
    if sys.version_info >= (3, 12) and os.environ.get("TBX_MEMPROF_LINES_ENGINE") != "settrace":
        profiler.start_monitoring()
    else:
        profiler.start_settrace()
    atexit.register(profiler.dump)

    def forked():
        # A forked child starts its own tables; its parent's are not its own. The /proc/self
        # descriptors still name the parent: open them again.
        os.close(profiler.memory.status)
        os.close(profiler.memory.statm)
        if profiler.memory.clear >= 0:
            os.close(profiler.memory.clear)
        profiler.memory = _Memory()  # its running maximum starts afresh, as its VmHWM does
        profiler.tables = {code: {} for code in profiler.tables}
        profiler.stack = []
        with open(os.path.join(out_dir, "started-%d" % os.getpid()), "w"):
            pass

    os.register_at_fork(after_in_child=forked)
    real_exit = os._exit

    def exit_after_dump(status):
        # multiprocessing's forked workers leave through os._exit, past atexit.
        try:
            profiler.dump()
        finally:
            real_exit(status)

    os._exit = exit_after_dump


try:
    _install()
except Exception as error:
    sys.stderr.write("tbx memprof: warning: the --lines hook failed: %s\n" % error)
