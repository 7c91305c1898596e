#include "fetch_all.h"

#include <conc/errgroup.h>

std::vector<std::string> fetch_all(const std::vector<std::string>& urls, const Fetch& fetch) {
  std::vector<std::string> pages(urls.size());
  conc::ErrGroup group;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    group.go([&pages, &urls, &fetch, i] {
      pages[i] = fetch(conc::Context::background(), urls[i]);
    });
  }
  if (std::exception_ptr error = group.wait()) std::rethrow_exception(error);
  return pages;
}
