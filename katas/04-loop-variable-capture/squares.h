#pragma once
#include <utility>
#include <vector>

// Computes work(i) for every i in [0, n), one thread per i, and returns the
// (i, work(i)) pairs in any order. Each i must appear exactly once.
std::vector<std::pair<int, long>> run_all(int n, long (*work)(int));
