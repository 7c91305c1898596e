#pragma once
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

// Fetches one page; false when it failed (or gave up because stop was
// requested). A well-behaved fetch returns promptly once stop is requested.
using Fetch = std::function<bool(std::stop_token, const std::string& url)>;

// Fetches `urls` in order. A failed fetch is retried up to 3 times in all,
// waiting `retry_delay` between attempts. Returns the number of pages
// fetched. When `stop` is requested, crawl returns promptly, whatever it is
// doing: it starts no other fetch, the fetch under way is told to stop (it
// gets the token), and a wait to retry ends at once.
int crawl(std::stop_token stop, const std::vector<std::string>& urls, const Fetch& fetch,
          std::chrono::milliseconds retry_delay = std::chrono::milliseconds(500));
