// The wait-for dump: who waits for whom, when a program has stopped moving.
//
// With CONC_PROBE_WAITFOR_JSON=PATH, a thread of the probe's own (started at
// load, before the leak probe's baseline, with the real pthread_create, so it
// is neither a leak nor a number in the program's thread count) sleeps
// CONC_PROBE_WAITFOR_AFTER_MS, then waits up to CONC_PROBE_WAITFOR_SETTLE_MS
// for the process to settle: every other thread blocked in the kernel
// (/proc state S, D, t or T) in three polls in a row, with the same threads.
// A deadlock settles at once; an endless loop or a spin never does, and is
// dumped anyway at the end of the settle time with "settled": false.
//
// The dump, one JSON object written to PATH.tmp and renamed to PATH, has for
// every thread: its creation stack and serial (the probe's records), its
// current stack (SIGURG, current_stack.cpp), the lock it is waiting for and
// the locks it holds (the lock tracker, when CONC_PROBE_LOCKS=1;
// lock_wait_state.h), each with its site: the lock call's return address,
// then its callers from the current stack (WaitSite, HeldSite); then the
// threads that exited holding locks. Every program counter is symbolized with its
// inlined frames. Then the process ends with status 124, as timeout(1) does:
// the dump answers "why did it not finish", so nothing after it matters.
//
// Format (conc-kata's deadlock_picture.py reads it; docs/probe.md):
//   {"settled": bool, "locks": bool, "threads": [THREAD...], "exited": [THREAD...]}
//   THREAD = {"tid", "main", "serial" (0: not created through the probe),
//             "name", "state", "creation": [FRAME], "stack": [FRAME],
//             "stack_error", "waiting": null | LOCK, "held": [LOCK]}
//   LOCK   = {"id", "address", "kind", "write", "count", "site": [FRAME]}
//   FRAME  = {"function", "file", "line", "module"}
//
// One process: the watcher does not survive fork, and the constructor takes
// CONC_PROBE_WAITFOR_JSON out of the environment, so that a program the
// process starts (which inherits LD_PRELOAD under `conc-probe run`) neither
// overwrites the dump nor ends at the same time. A relative PATH is taken
// from the working directory at load.
//
// Known limits: each thread gets kStackTimeout to answer SIGURG (a thread
// that blocks it costs that much); a program that returns from main at the
// moment the dump starts may run its static destructors under the watcher.
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "conc/internal/stacktrace.h"
#include "current_stack.h"
#include "lock_tracker.h"
#include "lock_wait_state.h"
#include "probe_settings.h"
#include "proc.h"
#include "registry.h"

namespace conc::probe::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr int kExitAfterDump = 124;
constexpr int kSettledPolls = 3;
constexpr milliseconds kPollInterval{10};
constexpr milliseconds kStackTimeout{1000};

void SleepFor(milliseconds duration) {
  timespec left = {static_cast<time_t>(duration.count() / 1000),
                   static_cast<long>(duration.count() % 1000) * 1'000'000};
  while (nanosleep(&left, &left) != 0) {
  }
}

bool Blocked(char state) { return state == 'S' || state == 'D' || state == 't' || state == 'T'; }

// The other threads, when every one of them is blocked; empty otherwise.
std::vector<pid_t> BlockedThreads(pid_t self) {
  std::vector<pid_t> others;
  for (pid_t tid : ListThreads()) {
    if (tid == self) continue;
    KernelThreadInfo info = ReadThreadInfo(tid);
    if (!info.exists) continue;  // gone between the listing and the read
    if (!Blocked(info.state)) return {};
    others.push_back(tid);
  }
  return others;
}

// Whether the process settled before `deadline` (see the file comment).
bool WaitUntilSettled(pid_t self, steady_clock::time_point deadline) {
  std::vector<pid_t> previous;
  int in_a_row = 0;
  for (;;) {
    std::vector<pid_t> now = BlockedThreads(self);
    in_a_row = !now.empty() && now == previous ? in_a_row + 1 : (now.empty() ? 0 : 1);
    if (in_a_row >= kSettledPolls) return true;
    previous = std::move(now);
    if (steady_clock::now() >= deadline) return false;
    SleepFor(kPollInterval);
  }
}

// ---- JSON ----

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Hex(std::uintptr_t value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%zx", static_cast<size_t>(value));
  return buffer;
}

void AppendFrames(std::string& out, void* const* pcs, int depth) {
  out += "[";
  bool first = true;
  for (int i = 0; i < depth; ++i) {
    if (pcs[i] == nullptr) continue;
    for (const internal::Frame& frame : internal::SymbolizeInlined(pcs[i])) {
      if (!first) out += ",";
      first = false;
      out += "{\"function\":" + JsonString(frame.function) + ",\"file\":" + JsonString(frame.file) +
             ",\"line\":" + std::to_string(frame.line) + ",\"module\":" + JsonString(frame.module) +
             "}";
    }
  }
  out += "]";
}

const char* KindName(locks::Kind kind) {
  switch (kind) {
    case locks::Kind::kMutex: return "mutex";
    case locks::Kind::kRwlock: return "rwlock";
    case locks::Kind::kSpin: return "spinlock";
    case locks::Kind::kC11: return "mtx_t";
  }
  return "lock";
}

// A thread's current stack with each frame's CFA (depth 0: not captured).
struct CurrentStack {
  internal::Stack stack;
  std::uintptr_t cfas[internal::Stack::kMaxFrames];
};

void AppendLock(std::string& out, const locks::LockRef& lock, bool write, std::uint32_t count,
                const internal::Stack& site) {
  out += "{\"id\":" + std::to_string(lock.id) + ",\"address\":" + JsonString(Hex(lock.address)) +
         ",\"kind\":" + JsonString(KindName(lock.kind)) + ",\"write\":" + (write ? "true" : "false") +
         ",\"count\":" + std::to_string(count) + ",\"site\":";
  AppendFrames(out, site.frames, site.depth);
  out += "}";
}

// Where the thread waits: its current stack from the lock call on, when the
// call's return address is in it; else that return address alone.
internal::Stack WaitSite(void* pc, const CurrentStack& now) {
  internal::Stack site;
  for (int i = 0; i < now.stack.depth; ++i) {
    if (now.stack.frames[i] != pc) continue;
    for (int k = i; k < now.stack.depth; ++k) site.frames[site.depth++] = now.stack.frames[k];
    return site;
  }
  site.frames[site.depth++] = pc;
  return site;
}

// Where a held lock was taken: the lock call's return address, then the
// frames of the current stack that are its callers (their CFA is above the
// call's), as the tracker's HeldStack does on the holder's own thread. When
// the function that took the lock has returned, the frame that replaced it
// is left out and its callers stay.
internal::Stack HeldSite(const locks::LockView& held, const CurrentStack& now) {
  internal::Stack site;
  site.frames[site.depth++] = held.pc;
  for (int i = 0; i < now.stack.depth && site.depth < internal::Stack::kMaxFrames; ++i) {
    if (held.cfa != 0 && now.cfas[i] > held.cfa) site.frames[site.depth++] = now.stack.frames[i];
  }
  return site;
}

void AppendLocks(std::string& out, const locks::ThreadLocksView* view, const CurrentStack& now) {
  out += ",\"waiting\":";
  if (view != nullptr && view->waiting) {
    const locks::LockView& w = *view->waiting;
    AppendLock(out, w.lock, w.write, w.count, WaitSite(w.pc, now));
  } else {
    out += "null";
  }
  out += ",\"held\":[";
  if (view != nullptr) {
    for (size_t i = 0; i < view->held.size(); ++i) {
      if (i > 0) out += ",";
      const locks::LockView& h = view->held[i];
      AppendLock(out, h.lock, h.write, h.count, HeldSite(h, now));
    }
  }
  out += "]";
}

struct Record {
  std::uint64_t serial = 0;
  internal::Stack creation;
};

std::string Dump(pid_t self, bool settled) {
  std::vector<locks::ThreadLocksView> lock_views = locks::SnapshotLockState();
  std::map<pid_t, const locks::ThreadLocksView*> live_views;
  std::vector<const locks::ThreadLocksView*> exited;
  for (const locks::ThreadLocksView& view : lock_views) {
    if (view.exited) {
      exited.push_back(&view);
    } else {
      live_views[view.thread.tid] = &view;
    }
  }
  std::map<pid_t, Record> records;
  ForEachRecord([&](const ThreadRecordView& r) {
    if (r.tid == 0) return;
    Record& record = records[r.tid];
    if (r.serial >= record.serial) record = Record{r.serial, *r.creation};
  });

  std::string out = std::string("{\"settled\":") + (settled ? "true" : "false") +
                    ",\"locks\":" + (locks::g_enabled.load() ? "true" : "false") + ",\"threads\":[";
  bool first = true;
  for (pid_t tid : ListThreads()) {
    if (tid == self) continue;
    KernelThreadInfo info = ReadThreadInfo(tid);
    if (!info.exists) continue;
    if (!first) out += ",";
    first = false;
    out += "{\"tid\":" + std::to_string(tid) + ",\"main\":" + (tid == getpid() ? "true" : "false");
    auto record = records.find(tid);
    out += ",\"serial\":" + std::to_string(record == records.end() ? 0 : record->second.serial);
    out += ",\"name\":" + JsonString(info.name) + ",\"state\":" + JsonString(std::string(1, info.state));
    out += ",\"creation\":";
    if (record != records.end()) {
      AppendFrames(out, record->second.creation.frames, record->second.creation.depth);
    } else {
      out += "[]";
    }
    CurrentStack now;
    std::string why;
    out += ",\"stack\":";
    if (CaptureThreadStack(tid, now.stack, now.cfas, kStackTimeout, why)) {
      AppendFrames(out, now.stack.frames, now.stack.depth);
      out += ",\"stack_error\":\"\"";
    } else {
      now.stack.depth = 0;
      out += "[],\"stack_error\":" + JsonString(why);
    }
    auto view = live_views.find(tid);
    AppendLocks(out, view == live_views.end() ? nullptr : view->second, now);
    out += "}";
  }
  out += "],\"exited\":[";
  for (size_t i = 0; i < exited.size(); ++i) {
    if (i > 0) out += ",";
    const locks::ThreadRef& thread = exited[i]->thread;
    out += "{\"tid\":" + std::to_string(thread.tid) + ",\"main\":false,\"serial\":0,\"name\":" +
           JsonString(thread.name) + ",\"state\":\"X\",\"creation\":";
    AppendFrames(out, thread.creation.frames, thread.has_creation ? thread.creation.depth : 0);
    out += ",\"stack\":[],\"stack_error\":\"exited\"";
    AppendLocks(out, exited[i], CurrentStack{});
    out += "}";
  }
  return out + "]}\n";
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::string temporary = path + ".tmp";
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return close(fd) == 0 && rename(temporary.c_str(), path.c_str()) == 0;
}

std::string* g_dump_path = nullptr;  // absolute; set once at load

void* Watch(void*) {
  // The watcher's own lock calls (symbolizer, allocator) are not the program's.
  locks::ProbeScope untracked;
  const ProbeSettings& settings = Settings();
  pid_t self = CurrentTid();
  SleepFor(settings.waitfor_after);
  bool settled = WaitUntilSettled(self, steady_clock::now() + settings.waitfor_settle);
  std::string dump = Dump(self, settled);
  if (!WriteFile(*g_dump_path, dump)) {
    std::fprintf(stderr, "conc-probe: cannot write the wait-for dump to %s\n", g_dump_path->c_str());
    std::fflush(stderr);
    _exit(2);
  }
  _exit(kExitAfterDump);
}

// Before the leak probe's constructor takes its load-time baseline (default
// priority), so that the watcher is part of it and never reported as leaked.
[[gnu::constructor(102)]] void StartWaitForWatcher() {
  const ProbeSettings& settings = Settings();
  if (settings.waitfor_json.empty()) return;
  g_dump_path = new std::string(settings.waitfor_json);
  if ((*g_dump_path)[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) != nullptr) *g_dump_path = std::string(cwd) + "/" + *g_dump_path;
  }
  unsetenv("CONC_PROBE_WAITFOR_JSON");
  pthread_t watcher;
  int error = CreateProbeThread(&watcher, Watch, nullptr);
  if (error != 0) {
    std::fprintf(stderr, "conc-probe: cannot start the wait-for watcher (error %d)\n", error);
    std::fflush(stderr);
    std::_Exit(2);
  }
  pthread_detach(watcher);
}

}  // namespace
}  // namespace conc::probe::detail
