#pragma once
#include <functional>
#include <string>
#include <vector>

// A download mirror: returns the file's contents (it may take a while).
using Mirror = std::function<std::string()>;

// Asks every mirror at once and returns the first answer that arrives.
// When it returns, no thread it started may be left waiting.
std::string fastest(const std::vector<Mirror>& mirrors);
