#include "backfill.h"

#include <atomic>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

#include "conc/channel.h"

namespace ingest {
namespace {

std::ifstream open_or_throw(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("backfill: cannot open '" + path + "'");
  return in;
}

}  // namespace

BackfillResult backfill(Service& service, const std::vector<std::string>& files,
                        const BackfillOptions& options) {
  // Open everything first, so that a typo in the last path fails before any
  // line is submitted (and before any reader thread exists). A fixed number
  // of readers then take the files from a channel: a thousand archives still
  // mean options.readers threads.
  conc::Channel<std::unique_ptr<std::ifstream>> pending(files.size());
  for (const std::string& path : files)
    pending.send(std::make_unique<std::ifstream>(open_or_throw(path)));
  pending.close();

  std::atomic<std::uint64_t> lines{0};
  {
    std::vector<std::jthread> readers;
    for (std::size_t i = 0; i < options.readers; ++i) {
      readers.emplace_back([&service, &lines, &pending] {
        while (std::optional<std::unique_ptr<std::ifstream>> in = pending.recv()) {
          for (std::string line; std::getline(**in, line);) {
            if (!service.submit(std::move(line))) return;  // the service is stopping
            lines.fetch_add(1, std::memory_order_relaxed);
          }
        }
      });
    }
  }  // the readers are joined here
  return {files.size(), lines.load()};
}

}  // namespace ingest
