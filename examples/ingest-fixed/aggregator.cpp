#include "aggregator.h"

#include "flusher.h"

namespace ingest {

void Aggregator::add(const LogRecord& record) {
  std::lock_guard totals_lock(totals_mu_);
  auto [it, inserted] = totals_.try_emplace(record.service);
  if (inserted) {
    std::lock_guard names_lock(names_mu_);
    first_seen_.push_back(record.service);
  }
  ServiceTotals& totals = it->second;
  ++totals.records;
  if (record.level == Level::kWarn) ++totals.warnings;
  if (record.level == Level::kError) ++totals.errors;
  ++records_;
}

void Aggregator::add_malformed() {
  std::lock_guard lock(totals_mu_);
  ++malformed_;
}

void Aggregator::fill(Snapshot& out) const {
  std::lock_guard lock(totals_mu_);
  out.records = records_;
  out.malformed = malformed_;
  out.services = totals_;
}

std::vector<std::string> Aggregator::services_in_order() const {
  std::lock_guard lock(names_mu_);
  return first_seen_;
}

void Aggregator::reset() {
  // Both at once, with std::scoped_lock's deadlock avoidance: add() holds
  // totals_mu_ while it takes names_mu_.
  // The old series is flushed before any lock of ours is taken: the
  // flusher holds its flush_mu_ while it takes totals_mu_ (in fill()).
  if (flush_on_reset_ != nullptr) flush_on_reset_->flush_once();
  std::scoped_lock lock(totals_mu_, names_mu_);
  first_seen_.clear();
  totals_.clear();
  records_ = 0;
  malformed_ = 0;
}

}  // namespace ingest
