// RUN: %check_conc_tidy %s conc-dangling-capture %t
// A reference captured by reference names the object it refers to, whose
// lifetime this function does not decide; statics and globals live on.
#include <string>
#include <thread>
#include <vector>

void fetch(const std::string &);
std::string global_name;

void references(const std::vector<std::string> &urls, const std::string &base) {
  std::vector<std::thread> threads;
  for (const auto &url : urls)
    threads.emplace_back([&] { fetch(url); fetch(base); });
  for (auto &t : threads)
    t.join();
}

void statics() {
  static std::string name = "n";
  std::thread([&] { fetch(name); fetch(global_name); }).detach();
}
