// Two classes whose methods, defined in two translation units, take each
// other's lock while holding their own: a deadlock no single unit shows.
#ifndef STORE_H
#define STORE_H

#include <mutex>

class Journal;

class Index {
 public:
  void compact_bad(Journal* journal);  // index.cpp: holds mu_, appends to the journal
  void rebuild_ok(Journal* journal);   // index.cpp: appends with nothing held
  void put();                          // index.cpp: takes mu_

 private:
  std::mutex mu_;
};

class Journal {
 public:
  void replay_bad(Index* index);  // journal.cpp: holds mu_, puts into the index
  void append();                  // journal.cpp: takes mu_

 private:
  std::mutex mu_;
};

#endif
