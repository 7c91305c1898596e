// RUN: %check_conc_tidy %s conc-manual-lock %t
// A lock held across many calls that may throw: one note per line, at most
// three, then one note that counts the rest (the rule every check shares).
#include <mutex>

int parse(int); // may throw
std::mutex m;

int critical(int x) {
  m.lock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'm' is locked and unlocked by hand
  int a = parse(x);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: 'm' stays locked if 'parse' throws here
  int b = parse(a) + parse(x);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: 'm' stays locked if 'parse' throws here
  int c = parse(b);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: 'm' stays locked if 'parse' throws here
  int d = parse(c);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: and 2 more calls that may throw
  x = parse(d);
  m.unlock();
  return x;
}
