// An online topological order of the lock graph (Pearce and Kelly, "A
// dynamic topological sort algorithm for directed acyclic graphs", 2006), so
// that a new edge A->B proves it closes no cycle without a search of the
// graph in the common case: when A is already ordered before B. Only when
// the edge goes against the order are the nodes between the two searched
// (forwards from B, backwards from A, neither leaving the range of the order
// between them) and reordered.
//
// A program that takes its locks in one global order makes every edge but a
// few agree with the order; before this, each new edge searched everything
// reachable from B (a few thousand edges made that the tracker's largest
// cost at start-up).
//
// The order exists only while the graph has no cycle: after the first cycle
// (a report), every new edge is searched (MayCloseCycle answers true).
// Used under the graph's mutex.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace conc::probe::detail::locks {

class TopologicalOrder {
 public:
  using Adjacency = std::unordered_map<std::uint64_t, std::vector<std::uint64_t>>;

  // The edge from->to has just been added to `out` and `in`. False: it
  // closes no cycle (and the order now has `from` before `to`); true: it may,
  // search the graph.
  bool MayCloseCycle(std::uint64_t from, std::uint64_t to, const Adjacency& out, const Adjacency& in) {
    if (broken_) return true;
    std::uint64_t from_rank = Rank(from), to_rank = Rank(to);
    if (from_rank < to_rank) return false;
    // Forwards from `to` through the nodes ranked at most `from`'s: reaching
    // `from` is a cycle.
    std::vector<std::uint64_t> forward;
    if (!Collect(to, out, [&](std::uint64_t r) { return r <= from_rank; }, from, forward)) {
      broken_ = true;
      return true;
    }
    // Backwards from `from` through the nodes ranked at least `to`'s.
    std::vector<std::uint64_t> backward;
    Collect(from, in, [&](std::uint64_t r) { return r >= to_rank; }, /*stop_at=*/0, backward);
    // The ranks they hold, given again: first to the nodes that reach
    // `from`, then to those reachable from `to`, each group in its order.
    auto by_rank = [&](std::uint64_t a, std::uint64_t b) { return rank_[a] < rank_[b]; };
    std::sort(backward.begin(), backward.end(), by_rank);
    std::sort(forward.begin(), forward.end(), by_rank);
    std::vector<std::uint64_t> ranks;
    ranks.reserve(backward.size() + forward.size());
    for (std::uint64_t n : backward) ranks.push_back(rank_[n]);
    for (std::uint64_t n : forward) ranks.push_back(rank_[n]);
    std::sort(ranks.begin(), ranks.end());
    std::size_t k = 0;
    for (std::uint64_t n : backward) rank_[n] = ranks[k++];
    for (std::uint64_t n : forward) rank_[n] = ranks[k++];
    return false;
  }

  // The lock's identity ended: its edges are gone, the others keep their order.
  void Forget(std::uint64_t id) { rank_.erase(id); }

 private:
  std::uint64_t Rank(std::uint64_t id) {
    auto [it, inserted] = rank_.try_emplace(id, next_rank_);
    if (inserted) ++next_rank_;
    return it->second;
  }

  // Depth-first from `start` along `edges` through the nodes whose rank
  // `within` accepts; false as soon as `stop_at` (not 0) is reached.
  template <class Within>
  bool Collect(std::uint64_t start, const Adjacency& edges, Within within, std::uint64_t stop_at,
               std::vector<std::uint64_t>& visited) {
    std::unordered_set<std::uint64_t> seen{start};
    std::vector<std::uint64_t> stack{start};
    while (!stack.empty()) {
      std::uint64_t node = stack.back();
      stack.pop_back();
      visited.push_back(node);
      auto it = edges.find(node);
      if (it == edges.end()) continue;
      for (std::uint64_t next : it->second) {
        if (next == stop_at) return false;
        if (!within(Rank(next)) || !seen.insert(next).second) continue;
        stack.push_back(next);
      }
    }
    return true;
  }

  std::unordered_map<std::uint64_t, std::uint64_t> rank_;
  std::uint64_t next_rank_ = 1;
  bool broken_ = false;
};

}  // namespace conc::probe::detail::locks
