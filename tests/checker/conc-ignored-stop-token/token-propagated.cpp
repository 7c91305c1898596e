// RUN: %check_conc_tidy %s conc-ignored-stop-token %t -- -- -std=c++20 -I%conc_include
// The token goes on to every callee; finite loops need not check it.
#include <conc/context.h>
#include <stop_token>
#include <vector>

int fetch(const conc::Context &ctx, int id);
void download(int id, std::stop_token stop = {});

int handler(const conc::Context &ctx, const std::vector<int> &ids) {
  auto child = conc::with_timeout(ctx, std::chrono::seconds(1));
  int sum = 0;
  for (int id : ids)
    sum += fetch(child.ctx, id);
  for (std::size_t i = 0; i < ids.size(); ++i)
    sum += fetch(ctx, ids[i]);
  download(1, ctx.stop_token());
  return sum;
}

void copy_all(std::stop_token stop, int n) {
  for (int i = 0; i < n; ++i)
    download(i, stop);
}

// No token in scope: a root context or token is the right thing here.
int main_like() {
  download(1);
  download(2, std::stop_token{});
  return fetch(conc::Context::background(), 1);
}
