// The lock-order tracker: per-thread held locks, lock identities, the graph.
//
// Concurrency of the tracker itself:
//  - Per-thread state (ThreadState) is written only by its thread, except the
//    `published` ids and the `stolen` flag, which other threads read and
//    clear (atomics) to find who holds a lock being destroyed or unlocked.
//  - Lock identities live in 64 shards keyed by page, each under its own
//    mutex; each thread caches address->id and drops its cache when the
//    global epoch changes (an identity ended somewhere).
//  - The graph (edges, their records, cycle search) is under one mutex,
//    taken only on the slow path: an edge this thread has not seen before.
//  - The probe's own lock calls (std::mutex here, in the symbolizer, in
//    malloc'ing containers) pass straight through: t_in_probe is set while
//    the tracker runs.
#include "lock_tracker.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <unwind.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "conc/probe/locks.h"
#include "lock_order.h"
#include "lock_report.h"
#include "lock_wait_state.h"
#include "probe_settings.h"
#include "registry.h"

namespace conc::probe::detail::locks {
namespace {

constexpr int kMaxHeld = 32;
constexpr int kCacheSetBits = 7;
constexpr int kCacheWays = 4;
constexpr int kShards = 64;
constexpr std::uintptr_t kPageShift = 12;
constexpr std::size_t kFilterWords = 1024;  // 65536 bits



// ---- per-thread state ----

struct Held {
  std::uint64_t id;
  const void* address;
  void* pc;
  std::uintptr_t cfa;
  std::uint32_t count;
  Kind kind;
  bool write;
  std::uint64_t known_next;  // a lock whose edge from this one the thread knows, or 0
};

// The fingerprint of the edge from -> to: splitmix64's finalizer (ids are
// small consecutive numbers, and linear probing needs every bit mixed into
// the low ones); never 0, which marks an empty slot.
inline std::uint64_t EdgeFingerprint(std::uint64_t from, std::uint64_t to) {
  std::uint64_t h = from * 0x9E3779B97F4A7C15ull + to;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

// An open-addressing set of edge fingerprints, read without a lock by every
// thread's fast path and written only under the graph's mutex. One table for
// all threads: 8 bytes an edge, shared in the caches (a few thousand edges
// stay in the first-level cache however many threads there are), and an
// edge one thread met is known to all. Two distinct edges with one
// fingerprint (a chance of about edges^2 / 2^64) would make the second look
// known: it would not be added to the graph.
struct EdgeTable {
  std::size_t mask = 0;
  std::size_t used = 0;  // fingerprints in it, the edges of retired locks too
  EdgeTable* retired_next = nullptr;
  std::atomic<std::uint64_t>* slots = nullptr;  // mask + 1 of them

  static EdgeTable* Make(std::size_t capacity) {
    auto* t = new EdgeTable;
    t->mask = capacity - 1;
    t->slots = new std::atomic<std::uint64_t>[capacity]{};
    return t;
  }
  bool Contains(std::uint64_t fingerprint) const {
    for (std::size_t i = fingerprint & mask;; i = (i + 1) & mask) {
      std::uint64_t slot = slots[i].load(std::memory_order_relaxed);
      if (slot == fingerprint) return true;
      if (slot == 0) return false;
    }
  }
  // Under the graph's mutex; the table has room (used < capacity / 2).
  void Insert(std::uint64_t fingerprint) {
    for (std::size_t i = fingerprint & mask;; i = (i + 1) & mask) {
      std::uint64_t slot = slots[i].load(std::memory_order_relaxed);
      if (slot == fingerprint) return;
      if (slot == 0) {
        slots[i].store(fingerprint, std::memory_order_relaxed);
        ++used;
        return;
      }
    }
  }
};

// The current table. When half full it is replaced by one twice its size
// holding the live edges only (those of retired locks are dropped). The old
// table stays allocated: a thread may still be reading it, and knowing when
// none is would cost every lookup a store; the tables of a run add up to
// less than twice the current one, which holds at most 4 slots for each
// edge added since the run started.
std::atomic<EdgeTable*> g_known_edges{nullptr};
EdgeTable* g_retired_tables = nullptr;  // guarded by the graph's mutex

inline bool EdgeKnown(std::uint64_t from, std::uint64_t to) {
  const EdgeTable* table = g_known_edges.load(std::memory_order_acquire);
  return table != nullptr && table->Contains(EdgeFingerprint(from, to));
}

// The ids of the locks this thread used lately, by address: set-associative
// (kCacheWays entries a set, the newest first), so that a few locks whose
// addresses hash alike (shards of one array) do not evict each other on
// every call; a miss costs a lookup under a shard's mutex.
class IdentityCache {
 public:
  void Clear() { std::memset(sets_, 0, sizeof sets_); }
  // 0 when not cached.
  std::uint64_t Find(std::uintptr_t address) const {
    const Entry* set = sets_[SetOf(address)];
    for (int w = 0; w < kCacheWays; ++w) {
      if (set[w].address == address) return set[w].id;
    }
    return 0;
  }
  void Insert(std::uintptr_t address, std::uint64_t id) {
    Entry* set = sets_[SetOf(address)];
    std::memmove(&set[1], &set[0], sizeof(Entry) * (kCacheWays - 1));
    set[0] = {address, id};
  }

 private:
  struct Entry {
    std::uintptr_t address;
    std::uint64_t id;
  };
  // Multiplicative hash: locks in arrays of cache-line-aligned shards share
  // their low address bits.
  static std::size_t SetOf(std::uintptr_t address) {
    return static_cast<std::size_t>(((address >> 3) * 0x9E3779B97F4A7C15ull) >> (64 - kCacheSetBits));
  }
  Entry sets_[1 << kCacheSetBits][kCacheWays] = {};
};

// Cache-line aligned: written on every lock call, it must share no line with
// another thread's state or other heap data.
struct alignas(64) ThreadState {
  // First, on one cache line, what every lock and unlock call reads.
  int depth = 0;
  int untracked = 0;  // acquisitions beyond kMaxHeld, not tracked
  std::atomic<bool> stolen{false};  // another thread unlocked one of ours
  std::uint64_t ids_epoch = ~0ull;  // g_epoch when `ids` was last valid
  // Locks that live on this thread's own stack ([stack_low, stack_high)):
  // no call ends them when their function returns, but a lock call made
  // from a frame above one of them (the caller's stack pointer is past it)
  // proves its frame is gone. `lowest_stack_lock` makes that test one
  // comparison on the fast path.
  std::uintptr_t stack_low = 0, stack_high = 0;
  std::uintptr_t lowest_stack_lock = ~std::uintptr_t{0};
  // The lock this thread is in a blocking or timed lock call for, or null
  // (SnapshotLockState, lock_wait_state.h): the entry BeforeLock prepared
  // for it in `held`, or `wait_entry` when that entry cannot say it (a lock
  // the thread already holds, a full held set). One store before the real
  // call, one after: the entry itself is written anyway.
  std::atomic<const Held*> waiting{nullptr};
  alignas(64) Held held[kMaxHeld];
  Held wait_entry{};
  std::atomic<std::uint64_t> published[kMaxHeld] = {};
  IdentityCache ids;
  std::vector<std::uintptr_t> stack_locks;
  ThreadRef self;
  ThreadState* prev = nullptr;
  ThreadState* next = nullptr;
  char padding_[64];  // the next allocation starts on another cache line
};

// Under ThreadSanitizer the program calls its mutex interceptor, which calls
// ours: the return address of our function is in the interceptor, and the
// program's call site is one frame further out. See BehindInterceptors.
bool g_behind_interceptors = false;

ThreadState* const kExited = reinterpret_cast<ThreadState*>(1);
__attribute__((tls_model("initial-exec"))) thread_local ThreadState* t_state = nullptr;

ProbeMutex g_registry_mu;
ThreadState* g_threads = nullptr;  // guarded by g_registry_mu
pthread_key_t g_exit_key;
pid_t g_main_tid = 0;
// Threads that exited holding locks, for the wait-for dump: at most
// kMaxExitedHolders, the oldest dropped first. Guarded by g_registry_mu.
std::deque<ThreadLocksView>* g_exited_holders = nullptr;

void OnThreadExit(void* raw);

ThreadRef DescribeCurrentThread() {
  ThreadRef ref;
  ref.tid = static_cast<pid_t>(syscall(SYS_gettid));
  ref.is_main = ref.tid == g_main_tid;
  char name[32] = {};
  if (pthread_getname_np(pthread_self(), name, sizeof name) == 0) ref.name = name;
  ref.has_creation = CurrentThreadCreation(ref.creation, ref.creator);
  return ref;
}

ThreadState* NewState();

inline ThreadState* State() {
  ThreadState* ts = t_state;
  if (ts != nullptr) [[likely]] return ts == kExited ? nullptr : ts;
  return NewState();
}

[[gnu::noinline]] ThreadState* NewState() {
  ProbeScope scope;
  ThreadState* ts;
  ts = new ThreadState;
  ts->self = DescribeCurrentThread();
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* base = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &base, &size) == 0) {
      ts->stack_low = reinterpret_cast<std::uintptr_t>(base);
      ts->stack_high = ts->stack_low + size;
    }
    pthread_attr_destroy(&attr);
  }
  {
    std::lock_guard<ProbeMutex> guard(g_registry_mu);
    ts->next = g_threads;
    if (g_threads != nullptr) g_threads->prev = ts;
    g_threads = ts;
  }
  pthread_setspecific(g_exit_key, ts);
  t_state = ts;
  return ts;
}

LockView ViewOf(const Held& h, std::uint64_t id, std::uint32_t count) {
  return LockView{LockRef{id, reinterpret_cast<std::uintptr_t>(h.address), h.kind}, h.write, count, h.pc,
                  h.cfa};
}

void RememberExitedHolder(const ThreadState& ts) {
  ThreadLocksView view;
  view.thread = ts.self;
  view.exited = true;
  for (int i = 0; i < ts.depth; ++i) view.held.push_back(ViewOf(ts.held[i], ts.held[i].id, ts.held[i].count));
  std::lock_guard<ProbeMutex> guard(g_registry_mu);
  if (g_exited_holders == nullptr) g_exited_holders = new std::deque<ThreadLocksView>;
  if (g_exited_holders->size() >= kMaxExitedHolders) g_exited_holders->pop_front();
  g_exited_holders->push_back(std::move(view));
}

void Publish(ThreadState& ts, int i) {
  ts.published[i].store(ts.held[i].id, std::memory_order_release);
}

void RemoveHeld(ThreadState& ts, int i) {
  for (int j = i; j + 1 < ts.depth; ++j) {
    ts.held[j] = ts.held[j + 1];
    Publish(ts, j);
  }
  --ts.depth;
  ts.published[ts.depth].store(0, std::memory_order_release);
}

// Drops the entries another thread unlocked (and reported).
void ReclaimStolen(ThreadState& ts) {
  // A load first: this runs on every lock call, and the flag is almost never set.
  if (!ts.stolen.load(std::memory_order_relaxed)) return;
  if (!ts.stolen.exchange(false, std::memory_order_acq_rel)) return;
  for (int i = ts.depth - 1; i >= 0; --i) {
    if (ts.published[i].load(std::memory_order_acquire) == 0) RemoveHeld(ts, i);
  }
}

// ---- lock identities ----

struct Shard {
  ProbeMutex mu;
  std::unordered_map<std::uintptr_t, std::uint64_t> ids;
  std::unordered_map<std::uintptr_t, std::vector<std::uintptr_t>> pages;  // page -> addresses
};

Shard* g_shards = nullptr;  // kShards, allocated at load
std::atomic<std::uint64_t> g_next_id{1};
std::atomic<std::uint64_t> g_epoch{0};
std::atomic<std::uint64_t> g_live{0};  // identities in the shards
std::atomic<std::uint64_t> g_edges_added{0};
std::atomic<std::uint64_t> g_page_filter[kFilterWords] = {};

std::size_t PageHash(std::uintptr_t page) {
  std::uint64_t h = page * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> 40);
}
Shard& ShardOf(std::uintptr_t page) { return g_shards[PageHash(page) % kShards]; }
bool FilterHas(std::uintptr_t page) {
  std::size_t bit = PageHash(page) % (kFilterWords * 64);
  return (g_page_filter[bit / 64].load(std::memory_order_relaxed) >> (bit % 64)) & 1;
}
void FilterSet(std::uintptr_t page) {
  std::size_t bit = PageHash(page) % (kFilterWords * 64);
  g_page_filter[bit / 64].fetch_or(1ull << (bit % 64), std::memory_order_relaxed);
}

std::uint64_t IdOfSlow(ThreadState& ts, std::uintptr_t address, bool create);

// The id of the lock at `lock`; a new one when `create` and none is live.
inline std::uint64_t IdOf(ThreadState& ts, const void* lock, bool create) {
  std::uint64_t epoch = g_epoch.load(std::memory_order_acquire);
  if (ts.ids_epoch != epoch) [[unlikely]] {
    ts.ids.Clear();
    ts.ids_epoch = epoch;
  }
  auto address = reinterpret_cast<std::uintptr_t>(lock);
  if (std::uint64_t cached = ts.ids.Find(address); cached != 0) [[likely]] return cached;
  return IdOfSlow(ts, address, create);
}

[[gnu::noinline]] std::uint64_t IdOfSlow(ThreadState& ts, std::uintptr_t address, bool create) {
  ProbeScope scope;
  std::uintptr_t page = address >> kPageShift;
  Shard& shard = ShardOf(page);
  std::uint64_t id = 0;
  {
    std::lock_guard<ProbeMutex> guard(shard.mu);
    auto it = shard.ids.find(address);
    if (it != shard.ids.end()) {
      id = it->second;
    } else if (create) {
      id = g_next_id.fetch_add(1, std::memory_order_relaxed);
      shard.ids.emplace(address, id);
      shard.pages[page].push_back(address);
      FilterSet(page);
      g_live.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (id != 0) ts.ids.Insert(address, id);
  return id;
}

// ---- the graph ----

struct Graph {
  ProbeMutex mu;
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> out, in;
  struct Key {
    std::uint64_t from, to;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::uint64_t>()(k.from * 0x9E3779B97F4A7C15ull ^ k.to);
    }
  };
  std::unordered_map<Key, EdgeRecord, KeyHash> edges;
  TopologicalOrder order;
  std::set<std::vector<std::uint64_t>> reported_cycles;
  std::string current_test;
};
Graph* g_graph = nullptr;

// Adds the edge to the known-edge table; under the graph's mutex.
void RememberEdge(std::uint64_t from, std::uint64_t to) {
  EdgeTable* table = g_known_edges.load(std::memory_order_relaxed);
  if (table == nullptr || (table->used + 1) * 2 > table->mask + 1) {
    EdgeTable* fresh = EdgeTable::Make(table == nullptr ? 1024 : (table->mask + 1) * 2);
    for (const auto& [key, record] : g_graph->edges) fresh->Insert(EdgeFingerprint(key.from, key.to));
    if (table != nullptr) {
      table->retired_next = g_retired_tables;
      g_retired_tables = table;
    }
    // Release: a thread that sees the new table sees its slots.
    g_known_edges.store(fresh, std::memory_order_release);
    table = fresh;
  }
  table->Insert(EdgeFingerprint(from, to));
}

void EraseFrom(std::vector<std::uint64_t>& list, std::uint64_t id) {
  list.erase(std::remove(list.begin(), list.end(), id), list.end());
}

// The node's edges go with it: a new lock at its address starts clean.
void RetireNodes(const std::vector<std::uint64_t>& ids) {
  if (ids.empty()) return;
  g_epoch.fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard<ProbeMutex> guard(g_graph->mu);
  for (std::uint64_t id : ids) {
    g_graph->order.Forget(id);
    if (auto it = g_graph->out.find(id); it != g_graph->out.end()) {
      for (std::uint64_t to : it->second) {
        g_graph->edges.erase({id, to});
        EraseFrom(g_graph->in[to], id);
      }
      g_graph->out.erase(it);
    }
    if (auto it = g_graph->in.find(id); it != g_graph->in.end()) {
      for (std::uint64_t from : it->second) {
        g_graph->edges.erase({from, id});
        EraseFrom(g_graph->out[from], id);
      }
      g_graph->in.erase(it);
    }
  }
}

// A path from `from` to `to` in the graph (breadth first: the shortest),
// as the list of nodes from `from` to `to`; empty when there is none.
std::vector<std::uint64_t> FindPath(std::uint64_t from, std::uint64_t to) {
  std::unordered_map<std::uint64_t, std::uint64_t> parent;
  std::deque<std::uint64_t> queue{from};
  parent[from] = 0;
  while (!queue.empty()) {
    std::uint64_t node = queue.front();
    queue.pop_front();
    if (node == to) {
      std::vector<std::uint64_t> path;
      for (std::uint64_t at = to; at != 0; at = parent[at]) path.push_back(at);
      std::reverse(path.begin(), path.end());
      return path;
    }
    auto it = g_graph->out.find(node);
    if (it == g_graph->out.end()) continue;
    for (std::uint64_t next : it->second) {
      if (parent.emplace(next, node).second) queue.push_back(next);
    }
  }
  return {};
}

std::vector<std::uint64_t> CanonicalCycle(std::vector<std::uint64_t> nodes) {
  auto smallest = std::min_element(nodes.begin(), nodes.end());
  std::rotate(nodes.begin(), smallest, nodes.end());
  return nodes;
}

// ---- stacks ----

// A walk of the calling thread's stack: for each frame, its return address
// and its stack pointer at the call it is in. (libgcc's _Unwind_GetCFA in a
// backtrace callback is the CFA of the callee frame: this frame's stack
// pointer at the call.)
struct Walk {
  static constexpr int kMax = internal::Stack::kMaxFrames + 16;
  void* pc[kMax];
  std::uintptr_t sp[kMax];
  int depth = 0;
};

_Unwind_Reason_Code CollectFrame(_Unwind_Context* context, void* raw) {
  auto* walk = static_cast<Walk*>(raw);
  if (walk->depth >= Walk::kMax) return _URC_END_OF_STACK;
  int before_instruction = 0;
  std::uintptr_t ip = _Unwind_GetIPInfo(context, &before_instruction);
  if (ip == 0) return _URC_END_OF_STACK;
  walk->pc[walk->depth] = reinterpret_cast<void*>(ip);
  walk->sp[walk->depth] = _Unwind_GetCFA(context);
  ++walk->depth;
  return _URC_NO_REASON;
}

// Guarded: on a fiber's stack (marl's) the unwinder follows a bottom frame
// with no valid return address and faults; the frames found before are kept.
[[gnu::noinline]] void WalkStack(Walk& walk) {
  walk.depth = 0;
  GuardedUnwind(CollectFrame, &walk);
  asm volatile("");  // not a tail call: this frame is in the walk
}

// The program's frames: those at or above the interposed call, whose CFA
// (the caller's stack pointer at the call) is `cfa`.
void CallerStack(const Walk& walk, std::uintptr_t cfa, internal::Stack& out) {
  out.depth = 0;
  for (int i = 0; i < walk.depth && out.depth < internal::Stack::kMaxFrames; ++i) {
    if (walk.sp[i] >= cfa) out.frames[out.depth++] = walk.pc[i];
  }
}

// Where a held lock was taken: the return address of its lock call, then the
// frames still active above the frame that made that call. The frame that
// made it had the lock call's CFA as its stack pointer; a frame whose stack
// pointer is above that is one of its callers (the frame itself, or one
// that replaced it after it returned, is replaced by the recorded return
// address).
void HeldStack(const Walk& walk, std::uintptr_t now_cfa, const Held& held, internal::Stack& out) {
  out.depth = 0;
  out.frames[out.depth++] = held.pc;
  for (int i = 0; i < walk.depth && out.depth < internal::Stack::kMaxFrames; ++i) {
    if (walk.sp[i] >= now_cfa && walk.sp[i] > held.cfa) out.frames[out.depth++] = walk.pc[i];
  }
}

LockRef RefOf(std::uint64_t id, const void* address, Kind kind) {
  return LockRef{id, reinterpret_cast<std::uintptr_t>(address), kind};
}

std::string CurrentTest() {
  std::lock_guard<ProbeMutex> guard(g_graph->mu);
  return g_graph->current_test;
}

// ---- the slow path: edges this thread has not seen ----

[[gnu::noinline]] void AddEdges(ThreadState& ts, std::uint64_t id, const void* lock, Kind kind,
                                std::uintptr_t cfa) {
  ProbeScope scope;
  // Other threads may have seen these edges already: then this thread only
  // learns them, without walking its stack.
  {
    std::lock_guard<ProbeMutex> guard(g_graph->mu);
    bool all_known = true;
    for (int i = 0; i < ts.depth; ++i) {
      const Held& held = ts.held[i];
      if (held.id != id && !EdgeKnown(held.id, id)) all_known = false;
    }
    if (all_known) return;
  }
  Walk walk;
  WalkStack(walk);
  std::vector<std::vector<EdgeRecord>> cycles;
  std::string test_now;
  {
    std::lock_guard<ProbeMutex> guard(g_graph->mu);
    test_now = g_graph->current_test;
    for (int i = 0; i < ts.depth; ++i) {
      const Held& held = ts.held[i];
      if (held.id == id || EdgeKnown(held.id, id)) continue;
      auto [it, inserted] = g_graph->edges.try_emplace(Graph::Key{held.id, id});
      RememberEdge(held.id, id);
      if (!inserted) continue;
      g_edges_added.fetch_add(1, std::memory_order_relaxed);
      EdgeRecord& edge = it->second;
      edge.held = RefOf(held.id, held.address, held.kind);
      edge.waited = RefOf(id, lock, kind);
      edge.thread = ts.self;
      HeldStack(walk, cfa, held, edge.held_stack);
      CallerStack(walk, cfa, edge.waited_stack);
      edge.test = g_graph->current_test;
      g_graph->out[held.id].push_back(id);
      g_graph->in[id].push_back(held.id);
      // The new edge held->id closes a cycle when held is reachable from id.
      if (!g_graph->order.MayCloseCycle(held.id, id, g_graph->out, g_graph->in)) continue;
      std::vector<std::uint64_t> path = FindPath(id, held.id);
      if (path.empty()) continue;
      std::vector<std::uint64_t> nodes = path;  // id ... held; the new edge closes it
      if (!g_graph->reported_cycles.insert(CanonicalCycle(nodes)).second) continue;
      std::vector<EdgeRecord> cycle;
      cycle.push_back(edge);
      for (std::size_t k = 0; k + 1 < nodes.size(); ++k) {
        cycle.push_back(g_graph->edges.at(Graph::Key{nodes[k], nodes[k + 1]}));
      }
      cycles.push_back(std::move(cycle));
    }
  }
  for (const std::vector<EdgeRecord>& cycle : cycles) ReportCycle(cycle, test_now);
}

void ReportHere(Misuse kind, ThreadState& ts, LockRef lock, std::uintptr_t cfa,
                const ThreadRef* owner, const internal::Stack* acquired) {
  ProbeScope scope;
  MisuseRecord record;
  record.kind = kind;
  record.lock = lock;
  record.thread = ts.self;
  Walk walk;
  WalkStack(walk);
  CallerStack(walk, cfa, record.here);
  if (owner != nullptr) record.owner = *owner;
  if (acquired != nullptr) record.acquired = *acquired;
  record.test = CurrentTest();
  ReportMisuse(record);
}

// The program's call site of a lock call that came through a sanitizer's
// interceptor: the frame after the interceptor's. Only under ThreadSanitizer,
// which is slower than this walk by far.
[[gnu::noinline]] void ProgramCallSite(Held& held) {
  ProbeScope scope;
  Walk walk;
  WalkStack(walk);
  for (int i = 0; i + 1 < walk.depth; ++i) {
    if (walk.sp[i] >= held.cfa) {  // the interceptor's frame
      held.pc = walk.pc[i + 1];
      held.cfa = walk.sp[i + 1];
      return;
    }
  }
}

// A wait the prepared held entry cannot describe: a lock the thread already
// holds (a recursive or read lock taken again, or a self-deadlock, whose
// wait is at this call and not where the lock was first taken), or one
// beyond a full held set. Out of line: rare, and under ThreadSanitizer a walk.
[[gnu::noinline]] void WaitOutsideHeldSet(ThreadState& ts, const Held& wait) {
  ts.wait_entry = wait;
  if (g_behind_interceptors) ProgramCallSite(ts.wait_entry);
  // Release: a reader that sees the slot sees the entry it points to.
  ts.waiting.store(&ts.wait_entry, std::memory_order_release);
}

// The write lock asked for while the thread holds the read lock.
[[gnu::noinline]] void ReportUpgrade(ThreadState& ts, const Held& read, std::uintptr_t cfa) {
  internal::Stack acquired;
  {
    ProbeScope scope;
    Walk walk;
    WalkStack(walk);
    HeldStack(walk, cfa, read, acquired);
  }
  ReportHere(Misuse::kReadToWriteUpgrade, ts, RefOf(read.id, read.address, read.kind), cfa,
             &ts.self, &acquired);
}

// The thread (other than `except`) whose held set has `id`, and that entry's
// return address; clears its entry when `steal`.
struct Holder {
  bool found = false;
  ThreadRef thread;
  void* pc = nullptr;
};
Holder FindHolder(std::uint64_t id, const ThreadState* except, bool steal) {
  Holder holder;
  std::lock_guard<ProbeMutex> guard(g_registry_mu);
  for (ThreadState* ts = g_threads; ts != nullptr && !holder.found; ts = ts->next) {
    if (ts == except) continue;
    for (int i = 0; i < kMaxHeld; ++i) {
      std::uint64_t expected = id;
      if (ts->published[i].load(std::memory_order_acquire) != id) continue;
      holder.found = true;
      holder.thread = ts->self;
      // Racy read of the other thread's entry: only for the report.
      holder.pc = ts->held[i].pc;
      if (steal && ts->published[i].compare_exchange_strong(expected, 0)) {
        ts->stolen.store(true, std::memory_order_release);
      }
      break;
    }
  }
  return holder;
}

// Ends the identities of this thread's stack locks below `sp`: their frames
// have returned. (A lock below the stack pointer of a call made from a
// frame above it cannot be a live object of this thread.)
[[gnu::noinline]] void RetireDeadStackLocks(ThreadState& ts, std::uintptr_t sp) {
  ProbeScope scope;
  std::uintptr_t lowest = ~std::uintptr_t{0};
  for (std::size_t i = 0; i < ts.stack_locks.size();) {
    std::uintptr_t address = ts.stack_locks[i];
    bool held = false;
    for (int k = 0; k < ts.depth; ++k) held = held || ts.held[k].address == reinterpret_cast<const void*>(address);
    if (address < sp && !held) {
      OnRelease(reinterpret_cast<const void*>(address), 1);
      ts.stack_locks[i] = ts.stack_locks.back();
      ts.stack_locks.pop_back();
    } else {
      lowest = std::min(lowest, address);
      ++i;
    }
  }
  ts.lowest_stack_lock = lowest;
}

void NoteStackLock(ThreadState& ts, std::uintptr_t address) {
  if (address < ts.stack_low || address >= ts.stack_high) return;
  if (std::find(ts.stack_locks.begin(), ts.stack_locks.end(), address) != ts.stack_locks.end()) return;
  ProbeScope scope;
  ts.stack_locks.push_back(address);
  ts.lowest_stack_lock = std::min(ts.lowest_stack_lock, address);
}

void OnThreadExit(void* raw) {
  auto* ts = static_cast<ThreadState*>(raw);
  ProbeScope scope;
  ReclaimStolen(*ts);
  for (int i = 0; i < ts->depth; ++i) {
    const Held& held = ts->held[i];
    MisuseRecord record;
    record.kind = Misuse::kHeldAtThreadExit;
    record.lock = RefOf(held.id, held.address, held.kind);
    record.thread = ts->self;
    record.owner = ts->self;
    record.acquired.frames[0] = held.pc;
    record.acquired.depth = 1;
    record.test = CurrentTest();
    ReportMisuse(record);
  }
  if (ts->depth > 0) RememberExitedHolder(*ts);
  {
    std::lock_guard<ProbeMutex> guard(g_registry_mu);
    if (ts->prev != nullptr) ts->prev->next = ts->next;
    if (ts->next != nullptr) ts->next->prev = ts->prev;
    if (g_threads == ts) g_threads = ts->next;
  }
  // The stack is reused for the next thread: its locks end here.
  for (std::uintptr_t address : ts->stack_locks) OnRelease(reinterpret_cast<const void*>(address), 1);
  t_state = kExited;
  delete ts;
}

// CONC_PROBE_LOCKS_STATS=1: how much the tracker saw, on stderr at exit.
void PrintStats() {
  ProbeScope scope;
  std::size_t edges = 0;
  {
    std::lock_guard<ProbeMutex> guard(g_graph->mu);
    edges = g_graph->edges.size();
  }
  std::fprintf(stderr, "conc-probe: lock graph: %llu edges seen, %zu now, %llu lock identities created, %llu live\n",
               static_cast<unsigned long long>(g_edges_added.load()), edges,
               static_cast<unsigned long long>(g_next_id.load() - 1),
               static_cast<unsigned long long>(g_live.load()));
}

void ChildAfterFork() {
  // Only the forking thread survives; the other threads' states are
  // abandoned (their memory is leaked in the child).
  ThreadState* self = t_state;
  new (&g_registry_mu) ProbeMutex;
  g_threads = nullptr;
  g_exited_holders = nullptr;  // the parent's, maybe mid-update at the fork: dropped (leaked)
  if (self != nullptr && self != kExited) {
    self->prev = self->next = nullptr;
    g_threads = self;
  }
  for (int i = 0; i < kShards; ++i) new (&g_shards[i].mu) ProbeMutex;
  new (&g_graph->mu) ProbeMutex;
}

// Whether the program's lock calls reach the probe through ThreadSanitizer's
// interceptors: the preloaded probe behind a program linked with TSan's
// static runtime, whose interceptors are the program's pthread_mutex_lock.
// Not when the probe's own definition is the one the program calls (the
// static probe linked whole into a TSan program, or the probe preloaded
// ahead of a shared TSan runtime): the probe then calls the interceptor
// itself (lock_interpose.cpp), and the lock call's return address is
// already the program's.
bool BehindInterceptors() {
  if (dlsym(RTLD_DEFAULT, "__tsan_init") == nullptr) return false;
  void* first = dlsym(RTLD_DEFAULT, "pthread_mutex_lock");
  Dl_info first_info{}, own_info{};
  bool first_is_ours = first != nullptr && dladdr(first, &first_info) != 0 &&
                       dladdr(reinterpret_cast<void*>(&BehindInterceptors), &own_info) != 0 &&
                       first_info.dli_fbase == own_info.dli_fbase;
  return !first_is_ours;
}

[[gnu::constructor]] void InitLockTracker() {
  ProbeScope scope;
  if (!Settings().locks) return;
  g_main_tid = static_cast<pid_t>(syscall(SYS_gettid));
  g_shards = new Shard[kShards];
  g_graph = new Graph;
  pthread_key_create(&g_exit_key, OnThreadExit);
  pthread_atfork(nullptr, nullptr, ChildAfterFork);
  LoadReportSettings();
  g_behind_interceptors = BehindInterceptors();
  if (Settings().lock_stats) std::atexit(PrintStats);
  g_enabled.store(true, std::memory_order_release);
}

}  // namespace

namespace {
using TsanSync = void (*)(void*);
TsanSync g_tsan_acquire = nullptr;
TsanSync g_tsan_release = nullptr;
[[gnu::constructor(101)]] void FindTsanAnnotations() {
  g_tsan_acquire = reinterpret_cast<TsanSync>(dlsym(RTLD_DEFAULT, "__tsan_acquire"));
  g_tsan_release = reinterpret_cast<TsanSync>(dlsym(RTLD_DEFAULT, "__tsan_release"));
}
}  // namespace

// The real lock calls: the tracker's own locks are never tracked.
void ProbeMutex::lock() {
  ProbeScope scope;
  pthread_mutex_lock(&mu_);
  if (g_tsan_acquire != nullptr) g_tsan_acquire(this);
}

bool ProbeMutex::try_lock() {
  ProbeScope scope;
  if (pthread_mutex_trylock(&mu_) != 0) return false;
  if (g_tsan_acquire != nullptr) g_tsan_acquire(this);
  return true;
}

void ProbeMutex::unlock() {
  ProbeScope scope;
  if (g_tsan_release != nullptr) g_tsan_release(this);
  pthread_mutex_unlock(&mu_);
}

ProbeScope::ProbeScope() noexcept { ++t_in_probe; }
ProbeScope::~ProbeScope() { --t_in_probe; }

std::atomic<bool> g_enabled{false};
constinit __attribute__((tls_model("initial-exec"))) thread_local int t_in_probe = 0;

Acquisition BeforeLock(const void* lock, Kind kind, bool write, Wait wait, void* pc,
                       std::uintptr_t cfa) noexcept {
  Acquisition a;
  ThreadState* ts = State();
  if (ts == nullptr) return a;
  ReclaimStolen(*ts);
  std::uint64_t id = IdOf(*ts, lock, /*create=*/true);
  if (cfa > ts->lowest_stack_lock) [[unlikely]] RetireDeadStackLocks(*ts, cfa);
  a.thread = ts;
  for (int i = ts->depth - 1; i >= 0; --i) {
    if (ts->held[i].id != id) continue;
    a.relock = true;
    a.slot = i;
    if (wait == Wait::kWait) {
      if (kind == Kind::kRwlock && write && !ts->held[i].write) ReportUpgrade(*ts, ts->held[i], cfa);
      a.waiting = true;
      WaitOutsideHeldSet(*ts, Held{id, lock, pc, cfa, 0, kind, write, 0});
    }
    return a;
  }
  if (wait == Wait::kWait) {
    for (int i = 0; i < ts->depth; ++i) {
      Held& held = ts->held[i];
      // The lock taken last while this one was held, first: a loop that
      // nests the same two locks asks for the same edge again and again.
      if (held.known_next == id) continue;
      if (!EdgeKnown(held.id, id)) {
        AddEdges(*ts, id, lock, kind, cfa);
        break;
      }
      held.known_next = id;
    }
  }
  // The entry AfterLock pushes if the lock is taken.
  NoteStackLock(*ts, reinterpret_cast<std::uintptr_t>(lock));
  if (ts->depth < kMaxHeld) [[likely]] {
    Held& held = ts->held[ts->depth];
    held = Held{id, lock, pc, cfa, 1, kind, write, 0};
    if (g_behind_interceptors) ProgramCallSite(held);
    a.slot = ts->depth;
    if (wait == Wait::kWait) {
      a.waiting = true;
      // Release: a reader that sees the slot sees the entry it points to.
      ts->waiting.store(&held, std::memory_order_release);
    }
  } else if (wait == Wait::kWait) {
    a.waiting = true;
    WaitOutsideHeldSet(*ts, Held{id, lock, pc, cfa, 0, kind, write, 0});
  }
  return a;
}

void AfterLock(Acquisition a, bool acquired) noexcept {
  // BeforeLock prepared the entry outside this lock's critical section;
  // here, inside it, only the count or the depth moves.
  if (a.thread == nullptr) return;
  auto* ts = static_cast<ThreadState*>(a.thread);
  if (a.waiting) ts->waiting.store(nullptr, std::memory_order_relaxed);
  if (!acquired) return;
  if (a.relock) {
    ++ts->held[a.slot].count;
    return;
  }
  if (a.slot < 0) {
    ++ts->untracked;
    return;
  }
  Publish(*ts, ts->depth);
  ++ts->depth;
}

void OnUnlock(const void* lock, Kind kind, void* /*pc*/, std::uintptr_t cfa) noexcept {
  ThreadState* ts = State();
  if (ts == nullptr) return;
  ReclaimStolen(*ts);
  // By address first: the held set is small and the lock is almost always
  // in it (usually on top).
  for (int i = ts->depth - 1; i >= 0; --i) {
    if (ts->held[i].address != lock) continue;
    if (--ts->held[i].count == 0) RemoveHeld(*ts, i);
    return;
  }
  std::uint64_t id = IdOf(*ts, lock, /*create=*/false);
  if (id == 0) return;  // never locked through the probe
  if (ts->untracked > 0) {
    --ts->untracked;
    return;
  }
  // Not ours: reported when another thread holds it (error-checking
  // semantics). A lock nobody is known to hold was taken before the probe
  // was tracking, or its holder already left: stay silent.
  Holder holder;
  {
    ProbeScope scope;
    holder = FindHolder(id, ts, /*steal=*/true);
  }
  if (!holder.found) return;
  internal::Stack acquired;
  acquired.frames[0] = holder.pc;
  acquired.depth = 1;
  ReportHere(Misuse::kUnlockByNonOwner, *ts, RefOf(id, lock, kind), cfa, &holder.thread, &acquired);
}

void OnInit(const void* lock) noexcept { OnRelease(lock, 1); }

std::vector<ThreadLocksView> SnapshotLockState() {
  std::vector<ThreadLocksView> out;
  if (!g_enabled.load(std::memory_order_acquire)) return out;
  ProbeScope scope;
  std::lock_guard<ProbeMutex> guard(g_registry_mu);
  for (ThreadState* ts = g_threads; ts != nullptr; ts = ts->next) {
    ThreadLocksView view;
    view.thread = ts->self;
    // The entries are read as their thread left them: see lock_wait_state.h.
    if (const Held* waiting = ts->waiting.load(std::memory_order_acquire); waiting != nullptr) {
      view.waiting = ViewOf(*waiting, waiting->id, 0);
    }
    for (int i = 0; i < kMaxHeld; ++i) {
      // The published ids say which entries are held.
      std::uint64_t id = ts->published[i].load(std::memory_order_acquire);
      if (id == 0) continue;
      view.held.push_back(ViewOf(ts->held[i], id, ts->held[i].count));
    }
    out.push_back(std::move(view));
  }
  if (g_exited_holders != nullptr) {
    out.insert(out.end(), g_exited_holders->begin(), g_exited_holders->end());
  }
  return out;
}

void OnDestroy(const void* lock, Kind kind, void* /*pc*/, std::uintptr_t cfa) noexcept {
  ThreadState* ts = State();
  if (ts == nullptr) return;
  ReclaimStolen(*ts);
  std::uint64_t id = IdOf(*ts, lock, /*create=*/false);
  if (id == 0) return;
  const ThreadRef* owner = nullptr;
  internal::Stack acquired;
  Holder holder;
  for (int i = 0; i < ts->depth; ++i) {
    if (ts->held[i].id == id) {
      owner = &ts->self;
      acquired.frames[0] = ts->held[i].pc;
      acquired.depth = 1;
      RemoveHeld(*ts, i);
      break;
    }
  }
  if (owner == nullptr) {
    ProbeScope scope;
    holder = FindHolder(id, ts, /*steal=*/true);
    if (holder.found) {
      owner = &holder.thread;
      acquired.frames[0] = holder.pc;
      acquired.depth = 1;
    }
  }
  if (owner != nullptr) {
    ReportHere(Misuse::kDestroyedWhileHeld, *ts, RefOf(id, lock, kind), cfa, owner, &acquired);
  }
  OnRelease(lock, 1);
}

void OnRelease(const void* begin, std::size_t size) noexcept {
  if (g_live.load(std::memory_order_relaxed) == 0 || size == 0) return;
  auto first = reinterpret_cast<std::uintptr_t>(begin);
  std::uintptr_t last = first + size - 1;
  std::uintptr_t first_page = first >> kPageShift, last_page = last >> kPageShift;
  // The filter first: most memory freed holds no lock.
  std::uintptr_t page = first_page;
  while (page <= last_page && !FilterHas(page)) ++page;
  if (page > last_page) return;
  ProbeScope scope;
  std::vector<std::uint64_t> retired;
  for (; page <= last_page; ++page) {
    if (!FilterHas(page)) continue;
    Shard& shard = ShardOf(page);
    std::lock_guard<ProbeMutex> guard(shard.mu);
    auto it = shard.pages.find(page);
    if (it == shard.pages.end()) continue;
    std::vector<std::uintptr_t>& addresses = it->second;
    for (std::size_t k = 0; k < addresses.size();) {
      std::uintptr_t address = addresses[k];
      if (address < first || address > last) {
        ++k;
        continue;
      }
      auto id = shard.ids.find(address);
      if (id != shard.ids.end()) {
        retired.push_back(id->second);
        shard.ids.erase(id);
        g_live.fetch_sub(1, std::memory_order_relaxed);
      }
      addresses[k] = addresses.back();
      addresses.pop_back();
    }
    if (addresses.empty()) shard.pages.erase(it);
  }
  RetireNodes(retired);
}

}  // namespace conc::probe::detail::locks

namespace conc::probe {

bool LockTrackingEnabled() { return detail::locks::g_enabled.load(std::memory_order_acquire); }

void SetCurrentTestName(std::string name) {
  using namespace detail::locks;
  if (!LockTrackingEnabled()) return;
  // Between tests the test body has returned: the stack locks it made on
  // this thread are gone, and the next test's locals reuse their addresses.
  // (A lock on this thread's stack that outlives tests, a local of main,
  // loses its edges here: a report could be missed, none is made up.)
  if (ThreadState* ts = State()) RetireDeadStackLocks(*ts, ~std::uintptr_t{0});
  ProbeScope scope;
  std::lock_guard<ProbeMutex> guard(g_graph->mu);
  g_graph->current_test = std::move(name);
}

}  // namespace conc::probe
