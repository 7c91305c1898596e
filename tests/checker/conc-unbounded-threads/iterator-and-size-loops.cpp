// RUN: %check_conc_tidy %s conc-unbounded-threads %t
// Loops whose condition walks the data.
#include <list>
#include <thread>
#include <vector>

struct Job {
  int id;
};
void run(Job job);

void by_iterator(const std::list<Job> &jobs) {
  std::vector<std::jthread> threads;
  for (auto it = jobs.begin(); it != jobs.end(); ++it)
    threads.emplace_back(run, *it);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:32: note: the loop's condition depends on the size of the data, not on a worker count
}

void by_index(const std::vector<Job> &jobs) {
  std::vector<std::jthread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    threads.push_back(std::jthread(run, jobs[i]));
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: a thread is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:27: note: the loop's condition depends on the size of the data, not on a worker count
}

struct Node {
  Job job;
  Node *next;
};

void by_list_walk(Node *head) {
  for (Node *n = head; n != nullptr; n = n->next)
    std::thread(run, n->job).detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: a thread is started for every item of the input
  // CHECK-NOTES: :[[@LINE-3]]:24: note: the loop's condition depends on the size of the data, not on a worker count
}
