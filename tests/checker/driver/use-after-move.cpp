#include <string>
#include <utility>
void consume(std::string);
void f() {
  std::string s = "x";
  consume(std::move(s));
  consume(s);
}
