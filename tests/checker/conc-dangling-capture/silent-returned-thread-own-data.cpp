// RUN: %check_conc_tidy %s conc-dangling-capture %t
// Returned threads that use nothing of the function's: captures by value,
// a reference parameter (the caller's object), a static, or a local thread
// joined before another one is returned.
#include <string>
#include <thread>

void use(const std::string &);

std::thread by_value(std::string name) {
  std::thread t([name] { use(name); });
  return t;
}

std::thread callers_object(const std::string &name) {
  std::thread t([&name] { use(name); });
  return t;
}

std::jthread moved_in(std::string name) {
  std::jthread t([name = std::move(name)] { use(name); });
  return t;
}

std::thread static_state() {
  static std::string shared = "shared";
  std::thread t([&] { use(shared); });
  return t;
}

template <class T> std::thread joined_first(T value) {
  std::thread helper([&value] { use(value); });
  helper.join();
  std::thread t([value] { use(value); });
  return t;
}
template std::thread joined_first<std::string>(std::string);
