// A cycle across two units in which one half is a function the suite says
// must stay silent (Ledger::sync_ok): the whole-program warning is at the
// other half (Book::flush) and reaches sync_ok only through its notes, where
// the scorer must see it.
#ifndef LEDGER_H
#define LEDGER_H

#include <mutex>

class Book;

class Ledger {
 public:
  void sync_ok(Book* book);  // ledger.cpp: holds mu_, records in the book
  void total();              // ledger.cpp: takes mu_

 private:
  std::mutex mu_;
};

class Book {
 public:
  void flush(Ledger* ledger);  // book.cpp: holds mu_, totals the ledger
  void record();               // book.cpp: takes mu_

 private:
  std::mutex mu_;
};

#endif
