// What the options of Find/VerifyNone build.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "conc/probe/probe.h"

namespace conc::probe::detail {

struct Config {
  std::vector<Snapshot> baselines;  // empty: Snapshot::AtLoad()
  std::vector<std::string> ignore_names;
  std::vector<std::string> ignore_created_by;
  std::vector<std::string> ignore_top;
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
