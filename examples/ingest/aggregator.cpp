#include "aggregator.h"

#include "flusher.h"

namespace ingest {

void Aggregator::add(const LogRecord& record) {
  std::lock_guard totals_lock(totals_mu_);
  auto [it, inserted] = totals_.try_emplace(record.service);
  if (inserted) {
    std::lock_guard names_lock(names_mu_);  // SEEDED-BUG(conc-lock-order): names_mu_ while holding totals_mu_ here, the other way round in reset(): a deadlock waiting for an admin call
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
  // The name list is cleared first so that a concurrent add() that sees an
  // empty map re-registers its service.
  std::lock_guard names_lock(names_mu_);
  if (flush_on_reset_ != nullptr) flush_on_reset_->flush_once();  // WHOLE-PROGRAM-BUG(conc-lock-order): holds names_mu_ while the flusher takes flush_mu_ and then totals_mu_ (flusher.cpp), and add() holds totals_mu_ while it takes names_mu_: a cycle of three locks over two files that no one file shows
  first_seen_.clear();
  std::lock_guard totals_lock(totals_mu_);
  totals_.clear();
  records_ = 0;
  malformed_ = 0;
}

}  // namespace ingest
