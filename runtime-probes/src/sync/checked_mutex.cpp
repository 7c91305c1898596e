// conc::CheckedMutex (conc/checked_mutex.h): the lock-order graph.
//
// Nodes are mutexes (by a never-reused 64-bit id), edges "B was taken while A
// was held" with the stack of the first such acquisition. A new edge A -> B
// that has a path B ->* A already closes a cycle: report it with the stack of
// every edge on the cycle. Thread-local state keeps the common paths off the
// global lock: the held-lock stack, and a direct-mapped cache of edges this
// thread has already checked.
#include "conc/checked_mutex.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "conc/internal/stacktrace.h"
#include "conc/internal/test_hooks.h"
#include "conc/internal/wait.h"
#include "fork.h"

namespace conc {

struct CheckedMutexAccess {
  static std::atomic<bool>& in_graph(CheckedMutex& m) { return m.in_graph_; }
};

namespace {

constexpr int kMaxHeld = 32;

struct HeldLocks {
  int count = 0;     // entries in `locks`
  int overflow = 0;  // acquisitions beyond kMaxHeld, not tracked
  CheckedMutex* locks[kMaxHeld] = {};
};
// initial-exec: the uncontended lock/unlock path is a TLS access, a
// try_lock and a push; the general-dynamic model's __tls_get_addr call was a
// third of its cost. The struct is small enough for glibc's static TLS
// surplus even when libconc is dlopen'ed.
[[gnu::tls_model("initial-exec")]] constinit thread_local HeldLocks tls_held;

constexpr int kEdgeCacheSize = 256;
struct EdgeCache {
  std::uint64_t from[kEdgeCacheSize] = {};
  std::uint64_t to[kEdgeCacheSize] = {};
  static int slot(std::uint64_t from, std::uint64_t to) {
    return static_cast<int>((from * 0x9E3779B97F4A7C15ull ^ to) >> 56) & (kEdgeCacheSize - 1);
  }
  bool contains(std::uint64_t f, std::uint64_t t) const {
    int i = slot(f, t);
    return from[i] == f && to[i] == t;
  }
  void insert(std::uint64_t f, std::uint64_t t) {
    int i = slot(f, t);
    from[i] = f;
    to[i] = t;
  }
};
constinit thread_local EdgeCache tls_edges;

std::atomic<std::uint64_t> next_id{1};

int CurrentTid() { return static_cast<int>(syscall(SYS_gettid)); }

struct Edge {
  std::uint64_t to;
  int tid;
  internal::Stack stack;
};

struct Node {
  const void* address = nullptr;
  const char* name = nullptr;
  std::vector<std::unique_ptr<Edge>> out;
  std::vector<std::uint64_t> in;
};

struct Graph {
  std::mutex mutex;
  std::unordered_map<std::uint64_t, Node> nodes;

  static Graph& instance() {
    static Graph* const graph = [] {
      internal::InstallForkHandlers();
      return new Graph;  // leaked: mutexes may die during exit
    }();
    return *graph;
  }

  Node& node(const CheckedMutex& m) {
    Node& n = nodes[m.id()];
    n.address = &m;
    n.name = m.name();
    return n;
  }

  const Edge* find_edge(std::uint64_t from, std::uint64_t to) {
    auto it = nodes.find(from);
    if (it == nodes.end()) return nullptr;
    for (const auto& edge : it->second.out) {
      if (edge->to == to) return edge.get();
    }
    return nullptr;
  }

  // The edges of a path from -> ... -> to, or empty if there is none.
  std::vector<std::pair<std::uint64_t, const Edge*>> find_path(std::uint64_t from,
                                                               std::uint64_t to) {
    std::unordered_map<std::uint64_t, std::pair<std::uint64_t, const Edge*>> parent;
    std::deque<std::uint64_t> queue{from};
    parent[from] = {0, nullptr};
    while (!queue.empty()) {
      std::uint64_t at = queue.front();
      queue.pop_front();
      if (at == to) break;
      auto it = nodes.find(at);
      if (it == nodes.end()) continue;
      for (const auto& edge : it->second.out) {
        if (parent.emplace(edge->to, std::make_pair(at, edge.get())).second) {
          queue.push_back(edge->to);
        }
      }
    }
    std::vector<std::pair<std::uint64_t, const Edge*>> path;
    if (!parent.count(to) || from == to) return path;
    for (std::uint64_t at = to; at != from; at = parent[at].first) {
      path.emplace_back(parent[at].first, parent[at].second);
    }
    return {path.rbegin(), path.rend()};
  }

  std::string describe(std::uint64_t id) {
    char text[128];
    auto it = nodes.find(id);
    if (it == nodes.end()) {
      std::snprintf(text, sizeof text, "mutex #%llu", static_cast<unsigned long long>(id));
    } else if (it->second.name != nullptr) {
      std::snprintf(text, sizeof text, "\"%s\" (%p)", it->second.name, it->second.address);
    } else {
      std::snprintf(text, sizeof text, "CheckedMutex %p", it->second.address);
    }
    return text;
  }

  void erase(std::uint64_t id) {
    auto it = nodes.find(id);
    if (it == nodes.end()) return;
    for (const auto& edge : it->second.out) {
      auto target = nodes.find(edge->to);
      if (target == nodes.end()) continue;
      std::erase(target->second.in, id);
    }
    for (std::uint64_t source : it->second.in) {
      auto from = nodes.find(source);
      if (from == nodes.end()) continue;
      std::erase_if(from->second.out, [id](const auto& edge) { return edge->to == id; });
    }
    nodes.erase(it);
  }
};

std::string Describe(const CheckedMutex& m) {
  char text[128];
  if (m.name() != nullptr) {
    std::snprintf(text, sizeof text, "\"%s\" (%p)", m.name(), static_cast<const void*>(&m));
  } else {
    std::snprintf(text, sizeof text, "CheckedMutex %p", static_cast<const void*>(&m));
  }
  return text;
}

}  // namespace

namespace internal {
// fork(): no other thread may hold the graph's lock at the fork.
constinit const ForkHandlers kLockGraphForkHandlers = {
    [] { Graph::instance().mutex.lock(); },
    [] { Graph::instance().mutex.unlock(); },
    [] { Graph::instance().mutex.unlock(); },
};

// Checks and records the edges held -> m, before m is taken. (In
// conc::internal so that reports trim it from the stacks.)
void BeforeNestedLock(CheckedMutex& m, HeldLocks& held);
[[gnu::noinline]] void BeforeNestedLock(CheckedMutex& m, HeldLocks& held) {
  for (int i = 0; i < held.count; ++i) {
    if (held.locks[i] == &m) {
      internal::ReportMisuse(MisuseKind::kRecursiveLock, Describe(m), nullptr, nullptr);
      return;
    }
  }
  // The held locks whose edge to m this thread has not checked yet.
  CheckedMutex* unchecked[kMaxHeld];
  int unchecked_count = 0;
  for (int i = 0; i < held.count; ++i) {
    if (!tls_edges.contains(held.locks[i]->id(), m.id())) unchecked[unchecked_count++] = held.locks[i];
  }
  if (unchecked_count == 0) return;
  internal::Stack here;
  internal::CaptureStack(here);
  internal::TrimInternalFrames(here);

  Graph& graph = Graph::instance();
  std::unique_lock<std::mutex> lock(graph.mutex);
  test_hooks::Reach(test_hooks::Point::kInternalLockHeld, &graph, "lock graph");
  // First every check, then (if the lock will be taken) every record: a
  // lock refused because one held lock closes a cycle must leave no edge
  // from the other held locks either, since it was never taken.
  std::vector<std::string> cycles;
  bool new_edge[kMaxHeld] = {};
  for (int i = 0; i < unchecked_count; ++i) {
    CheckedMutex& h = *unchecked[i];
    if (graph.find_edge(h.id(), m.id()) != nullptr) continue;
    new_edge[i] = true;
    auto path = graph.find_path(m.id(), h.id());
    if (path.empty()) continue;
    std::string text = "conc: misuse: ";
    text += to_string(MisuseKind::kLockOrderInversion);
    text += "\n  taking " + Describe(m) + " while holding " + Describe(h) + " closes a cycle of " +
            std::to_string(path.size() + 1) + " locks in the lock order:\n";
    char line[96];
    std::snprintf(line, sizeof line, " (thread %d, now):\n", CurrentTid());
    text += "  " + Describe(h) + " -> " + Describe(m) + line;
    text += internal::FormatStack(here, "      ");
    for (const auto& [from, edge] : path) {
      std::snprintf(line, sizeof line, " (thread %d, earlier):\n", edge->tid);
      text += "  " + graph.describe(from) + " -> " + graph.describe(edge->to) + line;
      text += internal::FormatStack(edge->stack, "      ");
    }
    cycles.push_back(std::move(text));
  }
  // Under kLog the lock is taken anyway: record every edge, the cyclic ones
  // included, so that each cycle is reported once.
  const bool taken = cycles.empty() || misuse_policy() == MisusePolicy::kLog;
  if (taken) {
    for (int i = 0; i < unchecked_count; ++i) {
      if (!new_edge[i]) continue;
      CheckedMutex& h = *unchecked[i];
      graph.node(h).out.push_back(std::make_unique<Edge>(Edge{m.id(), CurrentTid(), here}));
      graph.node(m).in.push_back(h.id());
      CheckedMutexAccess::in_graph(h).store(true, std::memory_order_relaxed);
      CheckedMutexAccess::in_graph(m).store(true, std::memory_order_relaxed);
    }
  }
  lock.unlock();
  if (taken) {
    for (int i = 0; i < unchecked_count; ++i) tls_edges.insert(unchecked[i]->id(), m.id());
  }
  for (const std::string& text : cycles) {
    internal::ReportMisuseText(MisuseKind::kLockOrderInversion, text);  // throws under kThrow
  }
}

}  // namespace internal

namespace {
void Push(HeldLocks& held, CheckedMutex* m) {
  if (held.count < kMaxHeld) {
    held.locks[held.count++] = m;
  } else {
    ++held.overflow;
  }
}

}  // namespace

CheckedMutex::CheckedMutex() noexcept : CheckedMutex(nullptr) {}

CheckedMutex::CheckedMutex(const char* name) noexcept
    : id_(next_id.fetch_add(1, std::memory_order_relaxed)), name_(name) {}

CheckedMutex::~CheckedMutex() {
  if (!in_graph_.load(std::memory_order_relaxed)) return;
  Graph& graph = Graph::instance();
  std::lock_guard<std::mutex> lock(graph.mutex);
  graph.erase(id_);
}

void CheckedMutex::lock() {
  HeldLocks& held = tls_held;
  if (held.count != 0) internal::BeforeNestedLock(*this, held);
  if (!mutex_.try_lock()) {
    internal::BlockScope blocked({"sync.Mutex.Lock", this});
    mutex_.lock();
  }
  Push(held, this);
}

bool CheckedMutex::try_lock() {
  HeldLocks& held = tls_held;
  for (int i = 0; i < held.count; ++i) {
    if (held.locks[i] == this) {
      internal::ReportMisuse(MisuseKind::kRecursiveLock, Describe(*this), nullptr, nullptr);
      return false;
    }
  }
  if (!mutex_.try_lock()) return false;
  Push(held, this);
  return true;
}

void CheckedMutex::unlock() {
  HeldLocks& held = tls_held;
  if (held.count > 0 && held.locks[held.count - 1] == this) {
    --held.count;
  } else {
    int i = held.count - 1;
    while (i >= 0 && held.locks[i] != this) --i;
    if (i >= 0) {
      for (; i + 1 < held.count; ++i) held.locks[i] = held.locks[i + 1];
      --held.count;
    } else if (held.overflow > 0) {
      --held.overflow;
    } else {
      internal::ReportMisuse(MisuseKind::kUnlockNotHeld, Describe(*this), nullptr, nullptr);
      return;  // under kLog: unlocking a mutex we do not own would be undefined
    }
  }
  mutex_.unlock();
}

}  // namespace conc
