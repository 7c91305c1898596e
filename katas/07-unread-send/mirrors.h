#pragma once
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

// A download mirror: returns the file's contents (it may take a while). A
// well-behaved mirror gives up early, returning anything, once its stop token
// is requested.
using Mirror = std::function<std::string(std::stop_token)>;

// Asks every mirror at once and returns the first answer that arrives,
// without waiting for the slower mirrors. When it returns, no thread it
// started may be left running or waiting.
std::string fastest(const std::vector<Mirror>& mirrors);
