#pragma once
#include <conc/context.h>

#include <functional>
#include <string>
#include <vector>

// Fetches one URL; throws std::runtime_error when it fails. A well-behaved
// fetch gives up (throws) promptly once `ctx` is done.
using Fetch = std::function<std::string(const conc::Context& ctx, const std::string& url)>;

// Fetches every URL in parallel and returns the pages in the order of
// `urls`. If any fetch fails, fetch_all cancels the fetches still running,
// waits for them, and rethrows the first error, promptly (it does not wait
// for slow fetches to finish on their own).
std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch);
