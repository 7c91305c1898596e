// RUN: %check_conc_tidy %s conc-copied-mutex %t
// References, const references, pointers, smart pointers and by-reference
// captures of lock-holding objects: no copy.
#include <memory>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

struct Account {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  long balance = 0;
};

long read(const Account &a) { return a.balance; }
void bump(Account *a) { ++a->balance; }
Account &pick(std::vector<Account> &all) { return all.front(); }

void work(std::vector<Account> &all, std::shared_ptr<Account> shared) {
  for (Account &a : all)
    bump(&a);
  Account &first = pick(all);
  std::thread t([&first, shared] {
    pthread_mutex_lock(&first.mu);
    ++first.balance;
    pthread_mutex_unlock(&first.mu);
    bump(shared.get());
  });
  t.join();
  auto owned = std::make_unique<Account>();
  std::vector<std::unique_ptr<Account>> pool;
  pool.push_back(std::move(owned));
  (void)read(first);
}

// std::mutex is not copyable at all: the compiler already refuses copies,
// and a class holding one that is never copied is fine.
class Service {
public:
  void call() { std::lock_guard<std::mutex> lock(mu_); ++calls_; }

private:
  std::mutex mu_;
  long calls_ = 0;
};

Service &instance() {
  static Service service;
  return service;
}
