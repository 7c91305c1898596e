// RUN: %check_conc_tidy %s conc-unjoined-thread %t
// Moving the thread to an owner ends the local duty: a parameter taken by
// value or by rvalue reference, a member, a container that is joined.
#include <thread>
#include <utility>
#include <vector>

void work() noexcept;
void step(); // may throw

void keep_by_value(std::thread t);
void keep_by_rvalue(std::thread &&t);

struct Supervisor {
  std::thread current;
  std::vector<std::thread> all;
  ~Supervisor() {
    if (current.joinable())
      current.join();
    for (auto &t : all)
      t.join();
  }
  void adopt(std::thread t) { all.push_back(std::move(t)); }
};

void by_value() {
  std::thread worker(work);
  keep_by_value(std::move(worker));
  step();
}

void by_rvalue() {
  std::thread worker(work);
  keep_by_rvalue(std::move(worker));
  step();
}

void to_member(Supervisor &s) {
  std::thread worker(work);
  s.current = std::move(worker);
  step();
}

void to_method(Supervisor &s) {
  std::thread worker(work);
  s.adopt(std::move(worker));
  step();
}

void to_lambda_capture() {
  std::thread worker(work);
  auto finish = [t = std::move(worker)]() mutable { t.join(); };
  finish();
}
