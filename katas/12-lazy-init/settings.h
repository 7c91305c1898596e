#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

using Config = std::map<std::string, std::string>;

// Loads the configuration on first use, exactly once, however many threads
// ask for it at the same moment. Loading is expensive (it reads files).
class Settings {
 public:
  explicit Settings(std::function<Config()> loader) : loader_(std::move(loader)) {}
  const Config& get();

 private:
  std::function<Config()> loader_;
  std::unique_ptr<Config> config_;
};
