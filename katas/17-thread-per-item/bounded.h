#pragma once
#include <functional>
#include <vector>

// Runs task(item) for every item, each exactly once, with at most `limit`
// tasks running at the same time, and returns when all are done.
// Throws std::invalid_argument if limit < 1.
void for_each_bounded(const std::vector<int>& items, int limit,
                      const std::function<void(int)>& task);
