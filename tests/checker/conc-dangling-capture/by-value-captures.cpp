// RUN: %check_conc_tidy %s conc-dangling-capture %t
// Copies cannot dangle.
#include <string>
#include <thread>
#include <vector>

void work(int);
void fetch(const std::string &);

void copies(const std::vector<std::string> &urls, int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  for (int i = 0; i < n; ++i)
    threads.emplace_back([=] { work(i); });
  for (std::string url : urls)
    threads.emplace_back([url = std::move(url)] { fetch(url); });
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, i);
  std::string shared = "x";
  std::thread([shared] { fetch(shared); }).detach();
  for (auto &t : threads)
    t.join();
}
