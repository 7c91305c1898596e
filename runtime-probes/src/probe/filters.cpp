#include "filters.h"

#include <fnmatch.h>

namespace conc::probe::detail {

bool Filter::Matches(std::string_view value) const {
  return fnmatch(glob.c_str(), std::string(value).c_str(), 0) == 0;
}

std::string Filter::Describe() const {
  std::string what;
  switch (over) {
    case Over::kThreadName: what = "ignore threads named"; break;
    case Over::kCreationStack: what = "ignore threads with a creation-stack function matching"; break;
    case Over::kTopFunction: what = "ignore threads whose current top function matches"; break;
    case Over::kThreadTrait: what = "ignore threads with the trait"; break;
    case Over::kLockSite: what = "drop lock reports with an acquisition-stack function matching"; break;
  }
  return what + " \"" + glob + "\" (" + origin + ")";
}

std::vector<std::string> GlobsOver(std::span<const Filter> filters, Filter::Over over) {
  std::vector<std::string> out;
  for (const Filter& f : filters) {
    if (f.over == over) out.push_back(f.glob);
  }
  return out;
}

bool AnyMatches(std::span<const Filter> filters, Filter::Over over, std::string_view value) {
  for (const Filter& f : filters) {
    if (f.over == over && f.Matches(value)) return true;
  }
  return false;
}

}  // namespace conc::probe::detail
