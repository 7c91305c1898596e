// The main() of every kata's test program, linked in by conc-kata.
//
// It runs the GoogleTest suite and then asks the question of the "no leaked
// threads" stage: is the main thread the only one left? A thread still alive
// after every test has returned has no owner that stopped it (Go: a leaked
// goroutine; goleak.VerifyTestMain). Threads on their way out get a grace
// period with backoff before they count as leaked.
//
// The verdict goes to the file named by CONC_KATA_PROBE_REPORT as one JSON
// object, so that the grader does not have to parse test output:
//   {"leaked": [{"tid": 123, "name": "ticker", "state": "S (sleeping)"}]}
// Built with CONC_KATA_PROBE (the grader does when libconc_probe is built),
// the check is conc's leak probe, which also says where each leaked thread
// was created and where it is now; otherwise it reads /proc/self/task.
// When threads leaked the program ends with _exit: running static
// destructors under a live thread is exactly the undefined behaviour the
// learner is being warned about, and must not turn into a crash here.
#include <gtest/gtest.h>

#ifdef CONC_KATA_PROBE
#include <conc/probe/probe.h>
#endif

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct ThreadInfo {
  long tid;
  std::string name;
  std::string state;
  std::string created_by;  // "function at file:line", when the probe knows
  std::string now_in;      // the thread's current top frame, when the probe knows
};

std::string readFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string stateOf(long tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("State:", 0) == 0) {
      auto start = line.find_first_not_of(" \t", 6);
      return start == std::string::npos ? "" : line.substr(start);
    }
  }
  return "unknown";
}

[[maybe_unused]] std::vector<ThreadInfo> otherThreads() {
  std::vector<ThreadInfo> threads;
  const long self = static_cast<long>(getpid());
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return threads;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    const long tid = std::strtol(entry->d_name, nullptr, 10);
    if (tid == self) continue;
    const std::string base = "/proc/self/task/" + std::to_string(tid);
    threads.push_back({tid, readFirstLine(base + "/comm"), stateOf(tid), "", ""});
  }
  closedir(dir);
  return threads;
}

std::string jsonEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out;
}

#ifdef CONC_KATA_PROBE
// The innermost frame in the kata's own files: conc-kata compiles them with
// relative paths, while system headers and libraries have absolute ones.
std::string kataFrame(const std::vector<conc::probe::StackFrame>& stack) {
  for (const auto& frame : stack) {
    if (frame.file.empty() || frame.file[0] == '/' || frame.file.rfind("../", 0) == 0) continue;
    std::string file = frame.file.rfind("./", 0) == 0 ? frame.file.substr(2) : frame.file;
    return file + ":" + std::to_string(frame.line);
  }
  return "";
}
#endif

// Threads that were asked to stop may still be unwinding: look again with
// growing pauses (about 0.6 s in all) before calling them leaked.
std::vector<ThreadInfo> leakedThreads() {
#ifdef CONC_KATA_PROBE
  std::vector<ThreadInfo> leaked;
  const auto report = conc::probe::Find(conc::probe::MaxWait(std::chrono::milliseconds(600)));
  for (const auto& thread : report.threads()) {
    ThreadInfo info{thread.tid, thread.name, std::string(1, thread.state) + " (" +
                                                 thread.state_name + ")", "", ""};
    info.created_by = kataFrame(thread.creation_stack);
    if (info.created_by.empty() && !thread.created_by.function.empty()) {
      info.created_by = thread.created_by.ToString();
    }
    info.now_in = kataFrame(thread.current_stack);
    leaked.push_back(std::move(info));
  }
  return leaked;
#else
  auto pause = std::chrono::milliseconds(10);
  for (int attempt = 0; attempt < 6; ++attempt) {
    auto threads = otherThreads();
    if (threads.empty()) return threads;
    std::this_thread::sleep_for(pause);
    pause *= 2;
  }
  return otherThreads();
#endif
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const int status = RUN_ALL_TESTS();
  const char* reportPath = std::getenv("CONC_KATA_PROBE_REPORT");
  if (reportPath == nullptr) return status;

  const auto leaked = leakedThreads();
  std::ostringstream report;
  report << "{\"leaked\": [";
  for (std::size_t i = 0; i < leaked.size(); ++i) {
    report << (i ? ", " : "") << "{\"tid\": " << leaked[i].tid << ", \"name\": \""
           << jsonEscape(leaked[i].name) << "\", \"state\": \"" << jsonEscape(leaked[i].state)
           << "\", \"created_by\": \"" << jsonEscape(leaked[i].created_by)
           << "\", \"now_in\": \"" << jsonEscape(leaked[i].now_in) << "\"}";
  }
  report << "]}\n";
  {
    std::ofstream out(reportPath);
    out << report.str();
  }
  if (!leaked.empty()) {
    std::fflush(nullptr);
    _exit(status);
  }
  return status;
}
