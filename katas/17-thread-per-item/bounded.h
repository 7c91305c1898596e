#pragma once
#include <functional>

// Runs task(i) for every i in [0, n), each exactly once, with at most
// `limit` tasks running at the same time, and returns when all are done.
// Throws std::invalid_argument if limit < 1.
void for_each_bounded(int n, int limit, const std::function<void(int)>& task);
