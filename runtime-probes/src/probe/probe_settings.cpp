#include "probe_settings.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

namespace conc::probe::detail {
namespace {

constexpr long kMaxWaitLimitMs = 600'000;

std::vector<std::string> SplitLines(const char* text) {
  std::vector<std::string> out;
  if (text == nullptr) return out;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty()) out.emplace_back(line);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return out;
}

[[noreturn]] void BadSetting(const char* name, const char* value, const char* want) {
  std::fprintf(stderr, "conc-probe: %s=%s is not %s\n", name, value, want);
  std::fflush(stderr);
  std::_Exit(2);
}

long Milliseconds(const char* name, long fallback, long limit) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  errno = 0;
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || value < 0 || value > limit) {
    char want[96];
    std::snprintf(want, sizeof want, "a number of milliseconds from 0 to %ld", limit);
    BadSetting(name, text, want);
  }
  return value;
}

bool Switch(const char* name, bool fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  if (std::strcmp(text, "1") == 0) return true;
  if (std::strcmp(text, "0") == 0) return false;
  BadSetting(name, text, "0 or 1");
}

ProbeSettings Read() {
  ProbeSettings s;
  const char* mode = std::getenv("CONC_PROBE");
  if (mode == nullptr || *mode == '\0' || std::strcmp(mode, "test") == 0) {
    s.mode = ProbeSettings::Mode::kEveryTest;
  } else if (std::strcmp(mode, "off") == 0 || std::strcmp(mode, "0") == 0) {
    s.mode = ProbeSettings::Mode::kOff;
  } else if (std::strcmp(mode, "end") == 0) {
    s.mode = ProbeSettings::Mode::kEndOfSuite;
  } else {
    std::fprintf(stderr, "conc-probe: CONC_PROBE=%s is not one of off, end, test; using test\n", mode);
  }
  s.max_wait = std::chrono::milliseconds(Milliseconds("CONC_PROBE_MAX_WAIT_MS", 1000, kMaxWaitLimitMs));
  // Only "0" turns these off, as before they were validated.
  const char* current = std::getenv("CONC_PROBE_CURRENT_STACKS");
  s.current_stacks = current == nullptr || std::strcmp(current, "0") != 0;
  const char* creation = std::getenv("CONC_PROBE_CREATION_STACKS");
  s.creation_stacks = creation == nullptr || std::strcmp(creation, "0") != 0;
  s.locks = Switch("CONC_PROBE_LOCKS", false);
  s.lock_stats = Switch("CONC_PROBE_LOCKS_STATS", false);
  if (const char* path = std::getenv("CONC_PROBE_WAITFOR_JSON")) s.waitfor_json = path;
  s.waitfor_after = std::chrono::milliseconds(Milliseconds("CONC_PROBE_WAITFOR_AFTER_MS", 0, kMaxWaitLimitMs));
  s.waitfor_settle = std::chrono::milliseconds(Milliseconds("CONC_PROBE_WAITFOR_SETTLE_MS", 1000, kMaxWaitLimitMs));
  for (auto [name, over] : {std::pair{"CONC_PROBE_IGNORE_NAMES", Filter::Over::kThreadName},
                            std::pair{"CONC_PROBE_IGNORE_CREATED_BY", Filter::Over::kCreationStack},
                            std::pair{"CONC_PROBE_IGNORE_TOP", Filter::Over::kTopFunction},
                            std::pair{"CONC_PROBE_IGNORE_LOCK_SITE", Filter::Over::kLockSite}}) {
    for (std::string& glob : SplitLines(std::getenv(name))) s.filters.push_back(Filter{over, std::move(glob)});
  }
  return s;
}

}  // namespace

const ProbeSettings& Settings() {
  static const ProbeSettings settings = Read();
  return settings;
}

}  // namespace conc::probe::detail
