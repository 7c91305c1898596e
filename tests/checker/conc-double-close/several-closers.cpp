// RUN: %check_conc_tidy %s conc-double-close %t -- -- -std=c++20 -I%conc_include
// Go's "only the single sender closes": several threads close one channel.
#include <conc/channel.h>
#include <thread>
#include <vector>

void two_producers(conc::Channel<int> &out) {
  std::thread a([&out] {
    out.send(1);
    out.close();
  });
  std::thread b([&out] {
    out.send(2);
    out.close();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'out' is closed by more than one thread; only its single sender closes it, once [conc-double-close]
    // CHECK-NOTES: :[[@LINE-6]]:9: note: 'out' is also closed here
    // CHECK-NOTES: :[[@LINE-9]]:15: note: a closing thread is started here
    // CHECK-NOTES: :[[@LINE-6]]:15: note: a closing thread is started here
  });
  a.join();
  b.join();
}

void pool(conc::Channel<int> &out, int workers) {
  std::vector<std::jthread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&out, w] {
      out.send(w);
      out.close();
      // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'out' is closed by every thread this loop starts; only its single sender closes it, once [conc-double-close]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: the threads are started here
    });
}

void thread_and_spawner() {
  conc::Channel<int> done;
  std::jthread worker([&done] { done.close(); });
  done.close();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'done' is closed both by a thread and by the code that started it; only its single sender closes it, once [conc-double-close]
  // CHECK-NOTES: :[[@LINE-3]]:38: note: 'done' is also closed here
  // CHECK-NOTES: :[[@LINE-4]]:16: note: a closing thread is started here
}
