#pragma once
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

// Fetches one page; false when it failed (or gave up because stop was
// requested). A well-behaved fetch returns promptly once stop is requested.
using Fetch = std::function<bool(std::stop_token, const std::string& url)>;

// Fetches `urls` in order. A failed fetch is retried up to 3 times in all,
// waiting 500 ms between attempts. Returns the number of pages fetched.
// When `stop` is requested, crawl returns promptly (well under 100 ms),
// whatever it is doing: fetching, or waiting to retry.
int crawl(std::stop_token stop, const std::vector<std::string>& urls, const Fetch& fetch);
