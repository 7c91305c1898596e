#include "backfill.h"

#include <fstream>
#include <stdexcept>
#include <thread>

namespace ingest {
namespace {

std::ifstream open_or_throw(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("backfill: cannot open '" + path + "'");
  return in;
}

}  // namespace

BackfillResult backfill(Service& service, const std::vector<std::string>& files,
                        const BackfillOptions& /*options*/) {
  // Open everything first, so that a typo in the last path fails before any
  // line is submitted.
  std::vector<std::ifstream> inputs;
  for (const std::string& path : files) inputs.push_back(open_or_throw(path));

  std::uint64_t lines = 0;
  std::vector<std::thread> readers;
  for (std::ifstream& in : inputs) {
    readers.emplace_back([&service, &lines, &in] {  // SEEDED-BUG(conc-unbounded-threads): one thread per file, however many files there are
      for (std::string line; std::getline(in, line);) {
        if (!service.submit(std::move(line))) return;  // the service is stopping
        ++lines;  // SEEDED-BUG(conc-unsynchronized-capture): every reader increments the shared `lines` with no lock
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  return {files.size(), lines};
}

}  // namespace ingest
