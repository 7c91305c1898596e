// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// One thread inserts into a map while another looks it up.
#include <map>
#include <string>
#include <thread>

int lookup_while_loading() {
  std::map<std::string, int> config;
  std::thread loader([&config] {
    config["timeout"] = 30;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'config' is written by a thread and read by another thread with no lock held; guard both with the same mutex or make it atomic [conc-unsynchronized-capture]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: the thread is started here
    // CHECK-NOTES: :[[@LINE+3]]:12: note: the other read
  });
  std::thread reader([&config] {
    return config.count("timeout");
  });
  loader.join();
  reader.join();
  return static_cast<int>(config.size());
}
