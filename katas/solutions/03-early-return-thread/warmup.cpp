#include "warmup.h"

#include <sstream>
#include <stdexcept>
#include <thread>

bool parse_config(const std::string& text, std::map<std::string, std::string>& out) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) return false;
    if (eq == 0) throw std::invalid_argument("empty key in: " + line);
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return true;
}

bool load_and_warm(const std::string& text, Cache& cache,
                   std::map<std::string, std::string>& out) {
  std::jthread warmer([&cache] { cache.warm(); });  // joins on every path out
  if (!parse_config(text, out)) {
    return false;
  }
  return true;
}
