// The check at exit that `conc-probe run` asks for.
//
// The launcher sets CONC_PROBE_RUN_PID to the pid of the process it starts
// and CONC_PROBE_REPORT to a file. In that process (not in its children,
// which inherit the environment), the probe's constructor registers an exit
// handler; constructors of a preloaded or linked library run before the
// program's own, so the handler runs after the program's static destructors
// (a static thread pool has joined its threads by then). It writes
// "loaded\n" to the file at start, and "checked N\n" and the report at
// exit (and "locks M", the number of lock findings, which were printed on
// stderr when found); the launcher prints the report, or says which of the two is missing.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "conc/probe/locks.h"
#include "conc/probe/probe.h"
#include "probe_settings.h"

namespace conc::probe::detail {
namespace {

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

void CheckAtExit() {
  const std::string& report_path = Settings().run_report;
  if (report_path.empty()) return;
  const char* path = report_path.c_str();
  std::vector<Option> options = OptionsFromEnvironment();
  Report report = FindWith(options);
  // The lock findings were printed when found (and written as JSON by the
  // tracker's own exit handler); the launcher needs their number.
  std::size_t lock_findings = LockFindingCount();
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return;
  WriteAll(fd, "checked " + std::to_string(report.threads().size()) + "\nlocks " +
                   std::to_string(lock_findings) + "\n" + report.ToString());
  close(fd);
}

// The program's children are not checked; they should not load the probe
// either (a sanitizer's symbolizer, started by a sanitized program, would
// fail to load a sanitized probe).
void RemoveProbeFromPreload() {
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload == nullptr) return;
  std::string kept;
  std::string list = preload;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find_first_of(": ", start);
    if (end == std::string::npos) end = list.size();
    std::string entry = list.substr(start, end - start);
    size_t slash = entry.rfind('/');
    std::string base = slash == std::string::npos ? entry : entry.substr(slash + 1);
    if (!entry.empty() && base.rfind("libconc_probe", 0) != 0) {
      if (!kept.empty()) kept += ':';
      kept += entry;
    }
    start = end + 1;
  }
  if (kept.empty()) {
    unsetenv("LD_PRELOAD");
  } else {
    setenv("LD_PRELOAD", kept.c_str(), 1);
  }
}

[[gnu::constructor]] void RegisterCheckAtExit() {
  if (Settings().run_pid != getpid()) return;
  RemoveProbeFromPreload();
  // Tells the launcher the probe was loaded, should the exit check not run.
  if (!Settings().run_report.empty()) {
    int fd = open(Settings().run_report.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd >= 0) {
      WriteAll(fd, "loaded\n");
      close(fd);
    }
  }
  std::atexit(CheckAtExit);
}

}  // namespace
}  // namespace conc::probe::detail
