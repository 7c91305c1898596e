// TopologicalOrder (runtime-probes/src/probe/lock_order.h) against a plain
// reachability search: on random graphs built edge by edge, it must answer
// "may close a cycle" for every edge that does close one (a "no" there is a
// missed deadlock report), and, while no cycle exists, keep every edge
// pointing forwards in its order.
#include "lock_order.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_set>

namespace {

using conc::probe::detail::locks::TopologicalOrder;
using Adjacency = TopologicalOrder::Adjacency;

bool Reaches(const Adjacency& out, std::uint64_t from, std::uint64_t to) {
  std::unordered_set<std::uint64_t> seen{from};
  std::vector<std::uint64_t> stack{from};
  while (!stack.empty()) {
    std::uint64_t n = stack.back();
    stack.pop_back();
    if (n == to) return true;
    auto it = out.find(n);
    if (it == out.end()) continue;
    for (std::uint64_t m : it->second) {
      if (seen.insert(m).second) stack.push_back(m);
    }
  }
  return false;
}

void AddEdge(Adjacency& out, Adjacency& in, std::uint64_t from, std::uint64_t to) {
  out[from].push_back(to);
  in[to].push_back(from);
}

TEST(LockOrder, EdgesAlongTheOrderNeedNoSearch) {
  TopologicalOrder order;
  Adjacency out, in;
  AddEdge(out, in, 1, 2);
  EXPECT_FALSE(order.MayCloseCycle(1, 2, out, in));
  AddEdge(out, in, 2, 3);
  EXPECT_FALSE(order.MayCloseCycle(2, 3, out, in));
  AddEdge(out, in, 3, 1);
  EXPECT_TRUE(order.MayCloseCycle(3, 1, out, in));
}

// An edge against the order of first sight that closes nothing is
// reordered, and a later edge that does close a cycle through it is seen.
TEST(LockOrder, ReorderedEdgesStillCloseTheirCycle) {
  TopologicalOrder order;
  Adjacency out, in;
  AddEdge(out, in, 1, 2);
  EXPECT_FALSE(order.MayCloseCycle(1, 2, out, in));
  AddEdge(out, in, 3, 1);  // 3 first seen after 1: against the order
  EXPECT_FALSE(order.MayCloseCycle(3, 1, out, in));
  AddEdge(out, in, 2, 3);  // 3 -> 1 -> 2 -> 3
  EXPECT_TRUE(order.MayCloseCycle(2, 3, out, in));
}

TEST(LockOrder, RandomGraphsAgreeWithReachability) {
  std::mt19937_64 random(18);
  for (int graph = 0; graph < 300; ++graph) {
    TopologicalOrder order;
    Adjacency out, in;
    std::unordered_set<std::uint64_t> edges;
    const int nodes = 3 + graph % 30;
    bool cyclic = false;
    for (int step = 0; step < nodes * 3 && !cyclic; ++step) {
      std::uint64_t from = 1 + random() % nodes, to = 1 + random() % nodes;
      if (from == to || !edges.insert(from * 1000 + to).second) continue;
      bool closes = Reaches(out, to, from);
      AddEdge(out, in, from, to);
      bool may = order.MayCloseCycle(from, to, out, in);
      ASSERT_TRUE(may || !closes) << "graph " << graph << ": edge " << from << "->" << to
                                  << " closes a cycle the order did not see";
      ASSERT_EQ(may, closes) << "graph " << graph << ": acyclic so far, the order must be exact";
      cyclic = closes;
    }
  }
}

}  // namespace
