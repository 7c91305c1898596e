// RUN: %check_conc_tidy %s conc-lock-order %t
// Lock coupling down a list: each node's lock is taken while its
// predecessor's is held. The order is the list's, fixed by the code, not
// chosen by callers: silent. So are pointers and references to
// lock-holding objects that are locked one at a time.
#include <mutex>

struct Node {
  std::mutex mu;
  int value = 0;
  Node *next = nullptr;
};

int sum(Node *head) {
  int total = 0;
  std::unique_lock<std::mutex> held(head->mu);
  for (Node *n = head; n != nullptr;) {
    total += n->value;
    Node *next = n->next;
    if (next == nullptr)
      break;
    std::unique_lock<std::mutex> following(next->mu);
    held.swap(following);
    n = next;
  }
  return total;
}

void bump_each(Node &a, Node &b) {
  {
    std::lock_guard<std::mutex> la(a.mu);
    ++a.value;
  }
  std::lock_guard<std::mutex> lb(b.mu);
  ++b.value;
}
