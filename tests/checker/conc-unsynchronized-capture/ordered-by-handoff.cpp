// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// A signal after one access and a wait on the same object before the other
// order the two: semaphores, latches, promises, chains of them (the pattern
// of marl's event tests, found running the check on google/marl).
#include <future>
#include <latch>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

void handoff() {
  int data = 0;
  std::binary_semaphore ready(0);
  std::thread producer([&] {
    data = 42;
    ready.release();
  });
  std::thread consumer([&] {
    ready.acquire();
    data += 1;
  });
  producer.join();
  consumer.join();
}

void chain() {
  std::string sequence;
  std::binary_semaphore a(0), b(0), c(0), done(0);
  std::thread second([&] {
    b.acquire();
    sequence += "B";
    c.release();
  });
  std::thread first([&] {
    a.acquire();
    sequence += "A";
    b.release();
  });
  std::thread third([&] {
    c.acquire();
    sequence += "C";
    done.release();
  });
  sequence.clear();
  a.release();
  done.acquire();
  sequence += "!";
  first.join();
  second.join();
  third.join();
}

void spawner_hands_over() {
  std::vector<int> config;
  std::latch loaded(1);
  std::jthread worker([&] {
    loaded.wait();
    config.push_back(2);
  });
  config.push_back(1);
  loaded.count_down();
}
