// Three services, each with its own lock, each file taking its own lock and
// then the next service's: ledger -> audit, audit -> report, report ->
// ledger. No file takes two of them; the three files together deadlock.
#pragma once
#include <mutex>

namespace bank {
struct Ledger {
  std::mutex mu;
  int total = 0;
  void post(int amount); // ledger.cpp: holds mu, calls Audit::note
  int snapshot();        // ledger.cpp: takes mu only
};
struct Audit {
  std::mutex mu;
  int entries = 0;
  void note(int amount); // audit.cpp: takes mu only
  void flush();          // audit.cpp: holds mu, calls Report::append
};
struct Report {
  std::mutex mu;
  int lines = 0;
  void append(int entries); // report.cpp: takes mu only
  void rollover();          // report.cpp: holds mu, calls Ledger::snapshot
};
extern Ledger ledger;
extern Audit audit;
extern Report report;
} // namespace bank
