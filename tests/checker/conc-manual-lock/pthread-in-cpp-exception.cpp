// RUN: %check_conc_tidy %s conc-manual-lock %t
// C locks in C++ code: a call that throws between lock and unlock leaves
// the pthread mutex locked for good.
#include <pthread.h>
#include <string>
#include <vector>

static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static std::vector<std::string> names;

void add_name(const char *name) {
  pthread_mutex_lock(&names_lock);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'names_lock' is locked here and still held on an exception path out of the function; unlock it on every path, or use a guard [conc-manual-lock]
  names.emplace_back(name);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: 'names_lock' is still held if 'emplace_back' throws here
  pthread_mutex_unlock(&names_lock);
}

void add_name_safely(const char *name) noexcept {
  // noexcept: an exception ends the program, no path leaves it locked.
  pthread_mutex_lock(&names_lock);
  names.emplace_back(name);
  pthread_mutex_unlock(&names_lock);
}
