"""A timed-out test run as a picture of who waits for whom.

When the kata's tests time out, the grader runs the test binary once more,
with the probe's lock tracking and wait-for dump on (CONC_PROBE_LOCKS=1,
CONC_PROBE_WAITFOR_JSON; docs/probe.md): at the same time limit, the probe
writes every thread's current stack, the lock it waits for and the locks it
holds (see runtime-probes/src/probe/wait_for_dump.cpp), and this module turns
that into a few lines with the learner's source lines:

    thread 2 (started in Inventory::restock) holds 'mutex_' (inventory.cpp:13), waits for nothing: stuck in sleep
    main thread waits for 'mutex_' in Inventory::take (inventory.cpp:24), held by thread 2

The re-run is also the "run it again before calling a deadlock": when it
finishes in time, its result is the verdict and no picture is drawn.

Threads are named as the probe numbers them: the main thread, then "thread
N" for the (N-1)th thread the program created. A lock is named by the
expression at the line that took it or waits for it ('mutex_', 'from.mutex');
when that line does not say (a lock taken in a library), by its kind and
address.

Standard library only, like the rest of conc-kata.
"""
import json
import os
import re

# The dump's settle time: how long the probe waits, after the time limit, for
# every thread to block before it dumps a process that is still running.
SETTLE_MS = 2000
# Beyond the time limit and the settle time: symbolizing, writing, exiting.
MARGIN_S = 20
SYSTEM_PREFIXES = ("/usr/", "/lib/", "../sysdeps/", "./nptl/", "../nptl/")


# --------------------------------------------------------------------------
# The re-run
# --------------------------------------------------------------------------

def rerun(first, argv, timeout, env, scratch, run_limited, learner_files):
    """Runs argv once more with the wait-for dump after `timeout` seconds.

    `first` is the run that timed out. Returns the run to judge: the re-run,
    which either finished in time (its result is the verdict: the first time
    out was the machine, not the code) or stopped with the dump, in which
    case it is marked timed out and carries `picture` (a list of lines). When
    the probe wrote no dump, the re-run is returned as it is, or `first` (when
    given) when the re-run neither finished nor dumped.
    """
    dump_path = os.path.abspath(os.path.join(scratch, "waitfor.json"))
    if os.path.exists(dump_path):
        os.remove(dump_path)
    env = dict(env, CONC_PROBE_LOCKS="1", CONC_PROBE_WAITFOR_JSON=dump_path,
               CONC_PROBE_WAITFOR_AFTER_MS=str(int(timeout * 1000)),
               CONC_PROBE_WAITFOR_SETTLE_MS=str(SETTLE_MS))
    again = run_limited(argv, timeout + SETTLE_MS / 1000 + MARGIN_S, env=env, cwd=scratch)
    try:
        with open(dump_path, encoding="utf-8") as f:
            dump = json.load(f)
    except (OSError, ValueError):
        return first if again.timed_out and first is not None else again
    again.timed_out = True
    try:
        again.picture = picture(dump, learner_files, scratch, timeout)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # A dump of another shape (a probe from another version of conc):
        # say so rather than stop the grader.
        again.picture = [f"(no picture: the probe's wait-for dump {dump_path} is not in the "
                         f"expected form: {type(error).__name__}: {error})"]
    return again


def text(run):
    """The picture of a run from rerun(), as lines to append to a message."""
    lines = getattr(run, "picture", None)
    return "".join("\n" + line for line in lines) if lines else ""


# --------------------------------------------------------------------------
# Frames, functions, lock names
# --------------------------------------------------------------------------

def _is_system(frame):
    path = frame.get("file", "")
    return frame.get("line", 0) <= 0 or path.startswith(SYSTEM_PREFIXES) or not path


def _own_frame(frames, learner_files, also_tests=True):
    """The innermost frame in the learner's files; else in test.cpp; else any
    frame with a source line outside the system; None when there is none."""
    names = {os.path.basename(f) for f in learner_files}
    for wanted in (names, {"test.cpp"} if also_tests else set()):
        for frame in frames:
            if not _is_system(frame) and os.path.basename(frame["file"]) in wanted:
                return frame
    for frame in frames:
        if not _is_system(frame):
            return frame
    return None


_GTEST_BODY = re.compile(r"^(\w+)_(\w+)_Test::TestBody$")


def short_function(name):
    """'(anonymous namespace)::Inventory::take(std::string const&, int) const'
    -> 'Inventory::take'; a lambda -> 'a lambda in F'; a GoogleTest body ->
    'TEST(Suite, Name)'."""
    name = name.replace("(anonymous namespace)::", "").replace("operator()", "operator\x00")
    out, depth = [], 0
    for c in name:
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(c)
    name = "".join(out).replace("operator\x00", "operator()").strip()
    name = re.sub(r"\s+const$", "", name)
    lambda_at = re.search(r"::(\$_\d+|\{lambda[^}]*\}|<lambda[^>]*>|'lambda)", name)
    if lambda_at:
        return "a lambda in " + short_function(name[:lambda_at.start()])
    m = _GTEST_BODY.match(name)
    if m:
        return f"TEST({m.group(1)}, {m.group(2)})"
    return name


def _where(frame):
    return f"{os.path.basename(frame['file'])}:{frame['line']}"


_LOCK_PATTERNS = [
    # std::lock_guard lock(mu_);  std::unique_lock<std::mutex> lk{a.mutex};
    re.compile(r"\b(?:lock_guard|unique_lock|shared_lock|scoped_lock)\s*(?:<[^>]*>)?\s*\w+\s*[({]\s*"
               r"([^,)}]+?)\s*[,)}]"),
    # mutex_.lock();  account->mutex.lock_shared();
    re.compile(r"([A-Za-z_][\w.\[\]]*(?:->[\w.\[\]]+)*)\s*(?:\.|->)\s*(?:lock|lock_shared|try_lock_for|"
               r"try_lock_until)\s*\("),
    # pthread_mutex_lock(&mu);  mtx_lock(&queue->mu);
    re.compile(r"\b(?:pthread_mutex_lock|pthread_mutex_timedlock|pthread_rwlock_\w*lock|pthread_spin_lock|"
               r"mtx_lock|mtx_timedlock)\s*\(\s*&?\s*([^,)]+?)\s*[,)]"),
]


class _Sources:
    """The learner's source lines, read once."""

    def __init__(self, source_dir):
        self.dir = source_dir
        self.files = {}

    def line(self, path, number):
        full = path if os.path.isabs(path) else os.path.join(self.dir, path)
        if full not in self.files:
            try:
                with open(full, encoding="utf-8", errors="replace") as f:
                    self.files[full] = f.read().splitlines()
            except OSError:
                self.files[full] = []
        lines = self.files[full]
        return lines[number - 1] if 0 < number <= len(lines) else ""


def lock_name(lock, frame, sources):
    """'mutex_' from the line that takes or waits for the lock; else 'the
    mutex at 0x...'."""
    if frame is not None:
        code = sources.line(frame["file"], frame["line"]).split("//")[0]
        for pattern in _LOCK_PATTERNS:
            m = pattern.search(code)
            if m:
                return f"'{m.group(1).strip()}'"
    return f"the {lock.get('kind', 'lock')} at {lock.get('address', '?')}"


# --------------------------------------------------------------------------
# What a thread is blocked in, when it is not a lock
# --------------------------------------------------------------------------

def _blocking_call(thread, learner_files):
    """(kind, call, own frame): what the thread is in, from its current stack.
    kind: 'join', 'condvar', 'sleep', 'channel' (a libconc channel or select),
    'conc' (another libconc wait), 'blocked' (another blocking call) or
    'running' (the process had not settled and this thread was not asleep)."""
    stack = thread.get("stack", [])
    own = _own_frame(stack, learner_files)
    inner = stack[:stack.index(own)] if own in stack else stack
    names = " ".join(f.get("function", "") for f in inner)
    call = ""
    for frame in reversed(inner):  # the outermost library frame: what the code called
        if frame.get("function"):
            call = short_function(frame["function"])
            break
    if thread.get("state") not in ("S", "D", "t", "T"):
        return "running", call, own
    if re.search(r"\bconc::(Channel|select|Select)", names):
        return "channel", call, own
    if re.search(r"\bconc::", names):
        return "conc", call, own
    if re.search(r"pthread_(clock|timed)?join|thread::join|jthread", names):
        return "join", call, own
    if re.search(r"pthread_cond_(timed|clock)?wait|condition_variable", names):
        return "condvar", call, own
    if re.search(r"nanosleep|\bsleep_for|\bsleep_until|usleep|\bsleep\b", names):
        return "sleep", call, own
    return "blocked", call, own


# --------------------------------------------------------------------------
# The picture
# --------------------------------------------------------------------------

def _label(thread):
    if thread.get("main"):
        return "main thread"
    if thread.get("state") == "X":
        return f"thread {thread['tid']} (exited)"
    if thread.get("serial"):
        return f"thread {thread['serial'] + 1}"
    return f"thread {thread['tid']}"


def picture(dump, learner_files, source_dir, timeout):
    """The wait-for picture of a dump, as a list of lines."""
    sources = _Sources(source_dir)
    live = dump.get("threads", [])
    exited = dump.get("exited", [])
    holders = {}  # lock id -> [(thread, held entry)]: live threads first
    for thread in live + exited:
        for held in thread.get("held", []):
            holders.setdefault(held["id"], []).append((thread, held))

    def site_of(lock):
        return _own_frame(lock.get("site", []), learner_files)

    def held_text(thread, skip_last=False):
        held = thread.get("held", [])
        if skip_last and held:
            held = held[:-1]
        parts = []
        for lock in held:
            frame = site_of(lock)
            where = f" ({_where(frame)})" if frame else ""
            reading = " for reading" if lock.get("kind") == "rwlock" and not lock.get("write", True) else ""
            parts.append(lock_name(lock, frame, sources) + reading + where)
        return "holds " + " and ".join(parts) if parts else ""

    waits_on = {}  # thread label -> holder label, for the cycle
    lines = []
    ordered = sorted((t for t in live if not t.get("main")), key=lambda t: (t.get("serial") or 1 << 30, t["tid"]))
    ordered += [t for t in live if t.get("main")]
    for thread in ordered:
        label = _label(thread)
        head = label
        if not thread.get("main"):
            started = _own_frame(thread.get("creation", []), learner_files)
            if started:
                head += f" (started in {short_function(started['function'])}, {_where(started)})"
        waiting = thread.get("waiting")
        parts = []
        if waiting:
            holds = held_text(thread)
            if holds:
                parts.append(holds)
            frame = site_of(waiting)
            where = f" in {short_function(frame['function'])} ({_where(frame)})" if frame else ""
            owner = holders.get(waiting["id"], [])
            live_owners = [h for h, _ in owner if h.get("state") != "X" and h is not thread]
            if not owner:
                whose = "held by no thread the probe saw take it"
            elif any(h is thread for h, _ in owner):
                whose = "held by this same thread: it waits for itself"
            elif live_owners:
                # A read lock can have several holders.
                whose = "held by " + " and ".join(_label(h) for h in live_owners)
                waits_on[label] = _label(live_owners[0])
            else:
                holder, held = owner[0]
                taken = site_of(held)
                whose = (f"held by {_label(holder)}, which ended without unlocking it"
                         + (f" (taken in {short_function(taken['function'])}, {_where(taken)})"
                            if taken else ""))
            parts.append(f"waits for {lock_name(waiting, frame, sources)}{where}, {whose}")
        else:
            kind, call, own = _blocking_call(thread, learner_files)
            where = f" in {short_function(own['function'])} ({_where(own)})" if own else ""
            # pthread_cond_wait released the waiter's mutex, which the lock
            # tracker still counts (it does not see the C library's own
            # unlock): the lock taken last is the one the wait gave back.
            holds = held_text(thread, skip_last=kind == "condvar")
            if holds:
                parts.append(holds)
            if kind == "join":
                parts.append(f"waits in join{where} for a thread to finish")
            elif kind == "condvar":
                parts.append(f"waits on a condition variable{where}: no thread holds it; "
                             "it waits for a notify that never comes")
            elif kind == "channel":
                parts.append(f"waits in {call}{where}: a channel has no holder; it waits for a "
                             "send, receive or close that never comes")
            elif kind == "conc":
                parts.append(f"waits in {call}{where} for another thread to act on it")
            elif kind == "sleep":
                parts.append(f"waits for nothing: stuck in sleep{where}")
            elif kind == "running":
                parts.append(f"is still running{where}")
            else:
                parts.append(f"is blocked in {call or 'a system call'}{where}")
        lines.append(head + " " + ", ".join(parts))
    for thread in exited:
        holds = held_text(thread)
        if holds:
            lines.append(f"{_label(thread)} ended and still {holds}")

    cycle = _find_cycle(waits_on)
    if cycle:
        lines.append("cycle: " + " -> ".join(cycle + [cycle[0]]) +
                     ": each waits for a lock the next one holds (a lock-order deadlock)")
    if dump.get("settled"):
        head = f"who waits for whom (the tests run again with the lock probe, stopped after {timeout:g} s; every thread was blocked):"
    else:
        head = (f"who waits for whom (the tests run again with the lock probe, stopped after {timeout:g} s; "
                "some threads were still running: an endless loop, or too slow):")
    return [head] + ["  " + line for line in lines]


def _find_cycle(waits_on):
    for start in sorted(waits_on):
        path, at = [], start
        while at in waits_on and at not in path:
            path.append(at)
            at = waits_on[at]
        if at in path:
            return path[path.index(at):]
    return []
