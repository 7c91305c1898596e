// What the options of Find/VerifyNone build.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "conc/probe/probe.h"
#include "probe_settings.h"

namespace conc::probe::detail {

struct Config {
  std::vector<Snapshot> baselines;  // empty: Snapshot::AtLoad()
  // The thread filters of the options and of the environment, one kind each
  // (the lock-site kind is the lock reports'). The probe's built-in
  // exclusion, a sanitizer's own helper threads, is recognized by their
  // creation stack or blocked signals, not by a glob.
  std::vector<Filter> filters;
  std::vector<std::string> Globs(Filter::Over over) const {
    std::vector<std::string> out;
    for (const Filter& f : filters) {
      if (f.over == over) out.push_back(f.glob);
    }
    return out;
  }
  std::chrono::milliseconds max_wait{1000};
  bool current_stacks = true;

  static const std::vector<pid_t>& Tids(const Snapshot& s) { return s.tids_; }
  static std::uint64_t Created(const Snapshot& s) { return s.created_; }
  static Snapshot Make(std::vector<pid_t> tids, std::uint64_t created) {
    Snapshot s;
    s.tids_ = std::move(tids);
    s.created_ = created;
    return s;
  }
};

}  // namespace conc::probe::detail
