// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Many calls that may throw between start and join: one note per line, at
// most three, then one note that counts the rest.
#include <string>
#include <thread>

void work() noexcept;
int parse(const std::string &text); // may throw
int check(int value);               // may throw

int many_calls(const std::string &a, const std::string &b) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed
  int sum = check(parse(a));
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'worker' is destroyed while joinable if 'check' throws here
  sum += parse(b);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'worker' is destroyed while joinable if 'parse' throws here
  sum += parse(a + b);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'worker' is destroyed while joinable if 'parse' throws here
  sum += parse(b + a);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: and 3 more calls that may throw
  sum += check(sum);
  sum += check(sum + 1);
  worker.join();
  return sum;
}

// Variant: a lambda with two calls on each line: still one note per line.
auto in_a_lambda = [](const std::string &a) {
  std::thread worker(work);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' may still be joinable when it is destroyed
  int sum = check(parse(a)) + check(parse(a));
  // CHECK-NOTES: :[[@LINE-1]]:13: note: 'worker' is destroyed while joinable if 'check' throws here
  worker.join();
  return sum;
};

// CHECK-FIXES: std::jthread worker(work);
// CHECK-FIXES: std::jthread worker(work);
