// ingest: count log lines by service, level and latency.
//
//   ingest [--workers N] [--flush-ms N] [ARCHIVE...] < live.log
//
// Archived files are backfilled while standard input is read; a snapshot is
// printed every flush interval and once more at the end.
#include <charconv>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "backfill.h"
#include "service.h"

namespace {

struct Options {
  std::size_t workers = 4;
  long flush_ms = 1000;
  std::vector<std::string> archives;
};

bool parse_number(std::string_view text, long& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size() && out > 0;
}

// Returns an error message, or an empty string when the arguments are fine.
std::string parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    long value = 0;
    if (arg == "--workers" || arg == "--flush-ms") {
      if (i + 1 == argc || !parse_number(argv[i + 1], value))
        return std::string(arg) + " needs a positive number";
      ++i;
      if (arg == "--workers")
        options.workers = static_cast<std::size_t>(value);
      else
        options.flush_ms = value;
    } else if (arg.starts_with("--")) {
      return "unknown option '" + std::string(arg) + "'";
    } else {
      options.archives.emplace_back(arg);
    }
  }
  return {};
}

void pump(std::istream& in, ingest::Service& service) {
  for (std::string line; std::getline(in, line);) service.submit(std::move(line));
}

int run(const Options& options) {
  ingest::Config config;
  config.workers = options.workers;
  config.flush_interval = std::chrono::milliseconds(options.flush_ms);
  config.sink = [](const ingest::Snapshot& snapshot) {
    std::cout << ingest::format_snapshot(snapshot) << std::flush;
    return static_cast<bool>(std::cout);
  };
  ingest::Service service(config);
  service.start();

  std::thread live([&service] { pump(std::cin, service); });  // SEEDED-BUG(conc-unjoined-thread): if backfill() throws (a missing archive), `live` is destroyed joinable: std::terminate instead of the error message
  if (!options.archives.empty()) {
    const ingest::BackfillResult result = ingest::backfill(service, options.archives);
    std::cerr << "backfilled " << result.lines << " lines from " << result.files << " files\n";
  }
  live.join();

  service.wait_idle();
  service.health()->shutting_down = true;
  service.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (const std::string error = parse_options(argc, argv, options); !error.empty()) {
    std::cerr << "ingest: " << error << "\n";
    return 2;
  }
  try {
    return run(options);
  } catch (const std::exception& error) {
    std::cerr << "ingest: " << error.what() << "\n";
    return 1;
  }
}
