#include "probe_settings.h"

#include <dlfcn.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

namespace conc::probe::detail {
namespace {

constexpr long kMaxWaitLimitMs = 600'000;

std::vector<std::string> Split(const char* text, char separator) {
  std::vector<std::string> out;
  if (text == nullptr) return out;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t end = rest.find(separator);
    std::string_view item = rest.substr(0, end);
    if (!item.empty()) out.emplace_back(item);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return out;
}

[[noreturn]] void BadSetting(const char* name, const char* value, const std::string& want) {
  std::fprintf(stderr, "conc-probe: %s=%s is not %s\n", name, value, want.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

const char* Get(const char* name) {
  const char* text = std::getenv(name);
  return text == nullptr || *text == '\0' ? nullptr : text;
}

// `what` says what the variable takes: "a number of milliseconds".
long Number(const char* name, long fallback, long low, long high, const char* what) {
  const char* text = Get(name);
  if (text == nullptr) return fallback;
  errno = 0;
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || value < low || value > high) {
    BadSetting(name, text, std::string(what) + " from " + std::to_string(low) + " to " + std::to_string(high));
  }
  return value;
}

bool Switch(const char* name, bool fallback) {
  const char* text = Get(name);
  if (text == nullptr) return fallback;
  if (std::strcmp(text, "1") == 0) return true;
  if (std::strcmp(text, "0") == 0) return false;
  BadSetting(name, text, "0 or 1");
}

ProbeSettings::Mode ReadMode() {
  const char* mode = Get("CONC_PROBE");
  if (mode == nullptr || std::strcmp(mode, "test") == 0) return ProbeSettings::Mode::kEveryTest;
  if (std::strcmp(mode, "off") == 0 || std::strcmp(mode, "0") == 0) return ProbeSettings::Mode::kOff;
  if (std::strcmp(mode, "end") == 0) return ProbeSettings::Mode::kEndOfSuite;
  BadSetting("CONC_PROBE", mode, "one of off, end, test");
}

bool UnderSanitizer() { return dlsym(RTLD_DEFAULT, "__sanitizer_print_stack_trace") != nullptr; }

std::vector<Filter> BuiltinFilters() {
  std::vector<std::string> disabled = Split(Get("CONC_PROBE_DISABLE_FILTERS"), ',');
  for (const std::string& name : disabled) {
    bool known = false;
    for (const BuiltinFilter& builtin : kBuiltinFilters) known = known || name == builtin.name;
    if (!known) {
      std::string names;
      for (const BuiltinFilter& builtin : kBuiltinFilters) {
        if (names.find(builtin.name) != std::string::npos) continue;
        names += names.empty() ? "" : ", ";
        names += builtin.name;
      }
      std::string value = Get("CONC_PROBE_DISABLE_FILTERS");
      BadSetting("CONC_PROBE_DISABLE_FILTERS", value.c_str(),
                 "a comma-separated list of built-in filters (" + names + "): no filter is called \"" +
                     name + "\"");
    }
  }
  bool under_sanitizer = UnderSanitizer();
  std::vector<Filter> out;
  for (const BuiltinFilter& builtin : kBuiltinFilters) {
    bool off = false;
    for (const std::string& name : disabled) off = off || name == builtin.name;
    if (off || (builtin.only_under_sanitizer && !under_sanitizer)) continue;
    out.push_back(Filter{builtin.over, builtin.glob, std::string("built-in ") + builtin.name, true});
  }
  return out;
}

void Show(const ProbeSettings& s) {
  bool under_sanitizer = UnderSanitizer();
  std::fprintf(stderr, "conc-probe: filters in effect:\n");
  for (const Filter& f : s.filters) {
    std::fprintf(stderr, "  %s\n", f.Describe().c_str());
    for (const BuiltinFilter& builtin : kBuiltinFilters) {
      if (f.builtin && f.over == builtin.over && f.glob == builtin.glob) {
        std::fprintf(stderr, "    (%s)\n", builtin.why);
      }
    }
  }
  std::vector<std::string> disabled = Split(Get("CONC_PROBE_DISABLE_FILTERS"), ',');
  for (const BuiltinFilter& builtin : kBuiltinFilters) {
    bool off = false;
    for (const std::string& name : disabled) off = off || name == builtin.name;
    const char* why = off ? "turned off by CONC_PROBE_DISABLE_FILTERS"
                          : (builtin.only_under_sanitizer && !under_sanitizer ? "no sanitizer runtime loaded"
                                                                              : nullptr);
    if (why == nullptr) continue;
    Filter f{builtin.over, builtin.glob, std::string("built-in ") + builtin.name};
    std::fprintf(stderr, "  not in effect (%s): %s\n", why, f.Describe().c_str());
  }
  std::fflush(stderr);
}

ProbeSettings Read() {
  ProbeSettings s;
  s.mode = ReadMode();
  s.max_wait = std::chrono::milliseconds(
      Number("CONC_PROBE_MAX_WAIT_MS", 1000, 0, kMaxWaitLimitMs, "a number of milliseconds"));
  s.current_stacks = Switch("CONC_PROBE_CURRENT_STACKS", true);
  s.creation_stacks = Switch("CONC_PROBE_CREATION_STACKS", true);
  s.locks = Switch("CONC_PROBE_LOCKS", false);
  s.lock_stats = Switch("CONC_PROBE_LOCKS_STATS", false);
  if (const char* json = Get("CONC_PROBE_LOCKS_JSON")) s.locks_json = json;
  if (Get("CONC_PROBE_RUN_PID") != nullptr) {
    s.run_pid = static_cast<pid_t>(Number("CONC_PROBE_RUN_PID", 0, 1, 0x7fffffff, "a process id"));
  }
  if (const char* report = Get("CONC_PROBE_REPORT")) s.run_report = report;
  if (const char* path = Get("CONC_PROBE_WAITFOR_JSON")) s.waitfor_json = path;
  s.waitfor_after = std::chrono::milliseconds(
      Number("CONC_PROBE_WAITFOR_AFTER_MS", 0, 0, kMaxWaitLimitMs, "a number of milliseconds"));
  s.waitfor_settle = std::chrono::milliseconds(
      Number("CONC_PROBE_WAITFOR_SETTLE_MS", 1000, 0, kMaxWaitLimitMs, "a number of milliseconds"));
  s.filters = BuiltinFilters();
  for (auto [name, over] : {std::pair{"CONC_PROBE_IGNORE_NAMES", Filter::Over::kThreadName},
                            std::pair{"CONC_PROBE_IGNORE_CREATED_BY", Filter::Over::kCreationStack},
                            std::pair{"CONC_PROBE_IGNORE_TOP", Filter::Over::kTopFunction},
                            std::pair{"CONC_PROBE_IGNORE_LOCK_SITE", Filter::Over::kLockSite}}) {
    for (std::string& glob : Split(Get(name), '\n')) s.filters.push_back(Filter{over, std::move(glob), name});
  }
  s.show_filters = Switch("CONC_PROBE_SHOW_FILTERS", false);
  if (s.show_filters) Show(s);
  return s;
}

}  // namespace

const ProbeSettings& Settings() {
  static const ProbeSettings settings = Read();
  return settings;
}

}  // namespace conc::probe::detail
