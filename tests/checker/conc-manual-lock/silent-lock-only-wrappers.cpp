// RUN: %check_conc_tidy %s conc-manual-lock %t
// Found in llama.cpp (ggml_critical_section_start/_end): a function whose
// whole body is one lock of a lock that outlives it exists to acquire that
// lock, whatever it is called; its partner releases it. Silent.
#include <mutex>
#include <pthread.h>

std::mutex critical_section_mutex;

void critical_section_start() { critical_section_mutex.lock(); }
void critical_section_end() { critical_section_mutex.unlock(); }

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;

int table_enter(void) { return pthread_mutex_lock(&table_mu); }
void table_leave(void) { pthread_mutex_unlock(&table_mu); }

class Registry {
public:
  void begin_update() { mu_.lock(); }
  void end_update() { mu_.unlock(); }

private:
  std::mutex mu_;
};

int counter;

void use_sections(Registry &r) {
  critical_section_start();
  ++counter;
  critical_section_end();
  r.begin_update();
  ++counter;
  r.end_update();
}
