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
  // The thread filters: the built-in ones, then those of the options (the
  // environment's come as options too; the lock-site ones are the lock
  // reports'). See filters.h.
  std::vector<Filter> filters;
  std::vector<std::string> Globs(Filter::Over over) const { return GlobsOver(filters, over); }
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
