// The C API: a thin layer over conc/probe/probe.h.
#include "conc/probe/probe_c.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "conc/probe/probe.h"

struct conc_probe_snapshot_t {
  conc::probe::Snapshot snapshot;
};

namespace {

// The fields of `options` that the caller's struct has, per its `size`.
template <class Field>
bool Has(const conc_probe_options* options, const Field conc_probe_options::*field) {
  const char* base = reinterpret_cast<const char*>(options);
  const char* at = reinterpret_cast<const char*>(&(options->*field));
  return static_cast<size_t>(at - base) + sizeof(Field) <= options->size;
}

void AddGlobs(std::vector<conc::probe::Option>& out, const char* const* globs,
              conc::probe::Option (*make)(std::string)) {
  if (globs == nullptr) return;
  for (; *globs != nullptr; ++globs) out.push_back(make(*globs));
}

std::vector<conc::probe::Option> ToOptions(const conc_probe_snapshot_t* baseline,
                                           const conc_probe_options* options) {
  std::vector<conc::probe::Option> out;
  if (baseline != nullptr) out.push_back(conc::probe::IgnoreSnapshot(baseline->snapshot));
  if (options == nullptr) return out;
  if (Has(options, &conc_probe_options::max_wait_ms) && options->max_wait_ms >= 0)
    out.push_back(conc::probe::MaxWait(std::chrono::milliseconds(options->max_wait_ms)));
  if (Has(options, &conc_probe_options::current_stacks) && options->current_stacks >= 0)
    out.push_back(conc::probe::CurrentStacks(options->current_stacks != 0));
  if (Has(options, &conc_probe_options::ignore_thread_names))
    AddGlobs(out, options->ignore_thread_names, conc::probe::IgnoreThreadName);
  if (Has(options, &conc_probe_options::ignore_created_by))
    AddGlobs(out, options->ignore_created_by, conc::probe::IgnoreCreatedBy);
  if (Has(options, &conc_probe_options::ignore_top_function))
    AddGlobs(out, options->ignore_top_function, conc::probe::IgnoreTopFunction);
  return out;
}

}  // namespace

extern "C" {

void conc_probe_options_init(conc_probe_options* options) {
  if (options == nullptr) return;
  std::memset(options, 0, sizeof *options);
  options->size = sizeof *options;
  options->max_wait_ms = -1;
  options->current_stacks = -1;
}

conc_probe_snapshot_t* conc_probe_snapshot(void) {
  try {
    return new conc_probe_snapshot_t{conc::probe::Snapshot::Take()};
  } catch (...) {
    return nullptr;
  }
}

void conc_probe_snapshot_free(conc_probe_snapshot_t* snapshot) { delete snapshot; }

int conc_probe_find(const conc_probe_snapshot_t* baseline, const conc_probe_options* options,
                    char** report) {
  if (options != nullptr && options->size < sizeof(size_t)) return -1;
  try {
    conc::probe::Report found = conc::probe::FindWith(ToOptions(baseline, options));
    if (report != nullptr) {
      std::string text = found.ToString();
      *report = static_cast<char*>(std::malloc(text.size() + 1));
      if (*report == nullptr) return -1;
      std::memcpy(*report, text.c_str(), text.size() + 1);
    }
    return static_cast<int>(found.threads().size());
  } catch (...) {
    return -1;
  }
}

int conc_probe_verify(const conc_probe_snapshot_t* baseline, const conc_probe_options* options) {
  char* report = nullptr;
  int leaked = conc_probe_find(baseline, options, &report);
  if (leaked > 0 && report != nullptr) {
    std::fputs(report, stderr);
    std::fflush(stderr);
  }
  std::free(report);
  return leaked;
}

void conc_probe_free(void* memory) { std::free(memory); }

}  // extern "C"
