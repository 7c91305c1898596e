#include "fetch_all.h"

#include <conc/errgroup.h>

std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch) {
  std::vector<std::string> pages(urls.size());
  // With a context: the first failure cancels group.context(), which every task gets.
  conc::ErrGroup group(conc::Context::background());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    group.go([&pages, &urls, &fetch, i](const conc::Context& ctx) {
      pages[i] = fetch(ctx, urls[i]);  // each task writes only its own slot
    });
  }
  if (std::exception_ptr error = group.wait()) std::rethrow_exception(error);
  return pages;
}
