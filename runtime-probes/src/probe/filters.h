// The probe's filters: every way a thread or a lock report is left out, of
// one kind. A filter is a shell glob over one property of a thread (its
// name, a function of its creation stack, its current top function, a trait
// the probe computes) or of a lock report (a function of an acquisition
// stack). Where it came from is part of it, so that the probe can show what
// it is filtering (CONC_PROBE_SHOW_FILTERS=1):
//  - the built-in filters, declared in kBuiltinFilters below and nowhere
//    else, each with a name that turns it off
//    (CONC_PROBE_DISABLE_FILTERS=NAME,...);
//  - the environment (CONC_PROBE_IGNORE_*, which `conc-probe run`'s
//    --ignore-* options set), read once by probe_settings.cpp;
//  - the options of Find/VerifyNone (IgnoreThreadName() and the others).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace conc::probe::detail {

struct Filter {
  enum class Over {
    kThreadName,     // /proc/self/task/TID/comm
    kCreationStack,  // any function of the thread's creation stack
    kTopFunction,    // the thread's innermost function outside the runtime, now
    kThreadTrait,    // a word the probe computes for a thread (see kTraitRuntimeHelper)
    kLockSite,       // any function of a lock report's acquisition stacks
  };
  Over over;
  std::string glob;
  std::string origin;  // "built-in NAME", "CONC_PROBE_IGNORE_TOP", "IgnoreTopFunction()", ...
  bool builtin = false;  // from kBuiltinFilters

  bool Matches(std::string_view value) const;
  // One line: what it leaves out, and where it came from.
  std::string Describe() const;
};

// The trait of a thread the probe never saw created (no pthread_create of
// the program made it, and none is under way) that blocks every
// asynchronous signal, as a runtime's own helper threads do: glibc's (the
// thread that runs SIGEV_THREAD timer callbacks, started inside the C
// library) and a sanitizer's background thread when the static probe is
// linked into the program.
inline constexpr std::string_view kTraitRuntimeHelper = "runtime-helper";

struct BuiltinFilter {
  const char* name;  // what CONC_PROBE_DISABLE_FILTERS names
  Filter::Over over;
  const char* glob;
  bool only_under_sanitizer;  // present only when a sanitizer runtime is loaded
  const char* why;
};

// Every exclusion the probe makes on its own.
inline constexpr BuiltinFilter kBuiltinFilters[] = {
    {"sanitizer-threads", Filter::Over::kCreationStack, "__sanitizer::internal_start_thread*", true,
     "threads a sanitizer runtime starts for itself through the probe's pthread_create"},
    {"runtime-helper-threads", Filter::Over::kThreadTrait, "runtime-helper", false,
     "threads the probe never saw created that block every asynchronous signal: the C "
     "library's helpers (SIGEV_THREAD timers), a sanitizer's background thread when the "
     "static probe is linked in"},
};

// The globs of `filters` over `over`.
std::vector<std::string> GlobsOver(std::span<const Filter> filters, Filter::Over over);
// Whether any glob over `over` matches `value`.
bool AnyMatches(std::span<const Filter> filters, Filter::Over over, std::string_view value);

}  // namespace conc::probe::detail
