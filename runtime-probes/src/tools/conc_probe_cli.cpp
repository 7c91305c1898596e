// conc-probe: run an unmodified program with the leak probe preloaded.
//
//   conc-probe run [--per-test] [--ignore GLOB]... [--ignore-created-by GLOB]...
//                  [--ignore-top GLOB]... [--max-wait MS] [--no-current-stacks]
//                  [--locks [--ignore-lock-site GLOB]... [--json FILE]]
//                  -- ./binary args...
//
// Exit codes: 0 nothing leaked and the program succeeded; 1 threads leaked
// or (with --locks) a lock-order inversion or lock misuse was reported;
// 2 usage error or a binary the probe cannot be loaded into; otherwise the
// program's own failure (its exit code, or 128+N when signal N killed it).
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

constexpr int kLeaked = 1;
constexpr int kUsage = 2;

const char kUsageText[] =
    "usage: conc-probe run [--per-test] [--ignore GLOB]... [--ignore-created-by GLOB]...\n"
    "                      [--ignore-top GLOB]... [--max-wait MS] [--no-current-stacks]\n"
    "                      [--locks [--ignore-lock-site GLOB]... [--json FILE]]\n"
    "                      -- BINARY [ARGS...]\n"
    "Runs BINARY with the thread-leak probe preloaded and reports the threads still\n"
    "alive when it exits, with their creation stacks. --per-test runs each test of a\n"
    "GoogleTest binary in its own process and reports the tests that leak.\n"
    "  --ignore GLOB             ignore threads whose name matches GLOB\n"
    "  --ignore-created-by GLOB  ignore threads with GLOB in their creation stack\n"
    "  --ignore-top GLOB         ignore threads whose current top function matches\n"
    "  --max-wait MS             wait up to MS ms for exiting threads (default 1000)\n"
    "  --no-current-stacks       do not signal leaked threads for their current stack\n"
    "  --locks                   also report lock-order inversions (potential deadlocks)\n"
    "                            and lock misuse: held at thread exit, unlock by a\n"
    "                            non-owner, destroyed while held, rwlock read->write\n"
    "  --ignore-lock-site GLOB   drop lock reports with GLOB in an acquisition stack\n"
    "  --json FILE               with --locks, also write the lock reports as JSON to FILE\n";

struct Settings {
  bool per_test = false;
  std::vector<std::string> ignore_names, ignore_created_by, ignore_top;
  std::string max_wait;
  bool current_stacks = true;
  bool locks = false;
  std::vector<std::string> ignore_lock_sites;
  std::string json_path;
  std::vector<std::string> command;  // binary and its arguments
};

[[noreturn]] void Fail(int code, const std::string& message) {
  std::fprintf(stderr, "conc-probe: %s\n", message.c_str());
  std::exit(code);
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Resolves a command name like execvp does.
std::string ResolveBinary(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  Fail(kUsage, name + ": command not found in PATH");
}

// The probe can only be preloaded into a dynamically linked ELF executable
// for this machine: say clearly what else the binary is.
void CheckBinary(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) Fail(kUsage, path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) Fail(kUsage, path + ": is a directory, not an executable");
  if (!S_ISREG(st.st_mode)) Fail(kUsage, path + ": is not a regular file");
  if (st.st_mode & (S_ISUID | S_ISGID)) {
    Fail(kUsage, path + ": is set-user-ID or set-group-ID; the dynamic linker ignores LD_PRELOAD for it");
  }
  if (access(path.c_str(), X_OK) != 0) Fail(kUsage, path + ": is not executable (" + std::strerror(errno) + ")");
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail(kUsage, path + ": " + std::strerror(errno));
  Elf64_Ehdr header{};
  ssize_t n = pread(fd, &header, sizeof header, 0);
  if (n >= 2 && std::memcmp(header.e_ident, "#!", 2) == 0) {
    close(fd);
    Fail(kUsage, path + ": is a script, not an ELF executable; run conc-probe on the program it starts");
  }
  if (n < static_cast<ssize_t>(EI_NIDENT) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    close(fd);
    Fail(kUsage, path + ": is not an ELF executable");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || n < static_cast<ssize_t>(sizeof header) ||
      header.e_machine != EM_X86_64) {
    close(fd);
    Fail(kUsage, path + ": is an ELF file for another architecture or word size; the probe is x86-64");
  }
  if (header.e_type != ET_EXEC && header.e_type != ET_DYN) {
    close(fd);
    Fail(kUsage, path + ": is an ELF object or core file, not an executable");
  }
  bool has_interpreter = false;
  for (int i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr ph{};
    off_t at = static_cast<off_t>(header.e_phoff) + static_cast<off_t>(i) * header.e_phentsize;
    if (pread(fd, &ph, sizeof ph, at) != static_cast<ssize_t>(sizeof ph)) break;
    if (ph.p_type == PT_INTERP) has_interpreter = true;
  }
  close(fd);
  if (!has_interpreter) {
    Fail(kUsage, path + ": is statically linked (or is a shared library); the probe cannot be "
                        "preloaded into it: link it with conc::probe_static instead");
  }
}

std::string SelfDirectory() {
  char buffer[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) return ".";
  std::string self(buffer, static_cast<size_t>(n));
  return self.substr(0, self.rfind('/'));
}

std::string FindProbeLibrary() {
  if (const char* library = std::getenv("CONC_PROBE_LIBRARY"); library != nullptr && *library) {
    if (access(library, R_OK) != 0) Fail(kUsage, std::string("CONC_PROBE_LIBRARY=") + library + ": " + std::strerror(errno));
    return library;
  }
  std::string here = SelfDirectory();
  for (const char* relative : {"/../lib/libconc_probe.so", "/../" CONC_INSTALL_LIBDIR "/libconc_probe.so"}) {
    std::string candidate = here + relative;
    char resolved[PATH_MAX];
    if (realpath(candidate.c_str(), resolved) != nullptr) return resolved;
  }
  Fail(kUsage, "cannot find libconc_probe.so next to " + here + " (set CONC_PROBE_LIBRARY)");
}

std::string MakeReportFile() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/conc-probe-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) Fail(kUsage, "cannot create a report file in " + pattern + ": " + std::strerror(errno));
  close(fd);
  return name.data();
}

pid_t g_child = 0;
void Forward(int signo) {
  if (g_child > 0) kill(g_child, signo);
}

struct Outcome {
  int status = 0;         // waitpid status
  bool loaded = false;    // the probe's constructor ran in the program
  bool checked = false;   // the probe's exit handler ran
  int leaked = 0;
  int lock_findings = 0;  // printed on the program's stderr when found
  std::string report;
};

// Runs `argv` with the probe preloaded; `capture` receives its stdout when set.
Outcome RunProbed(const Settings& settings, const std::string& binary,
                  const std::vector<std::string>& args, const std::string& library,
                  std::string* capture) {
  std::string report_path = MakeReportFile();
  int exec_error[2];
  int output[2] = {-1, -1};
  if (pipe2(exec_error, O_CLOEXEC) != 0) Fail(kUsage, std::string("pipe: ") + std::strerror(errno));
  if (capture != nullptr && pipe2(output, O_CLOEXEC) != 0) Fail(kUsage, std::string("pipe: ") + std::strerror(errno));

  // Build the child's environment and argv before fork: after it, the child
  // only calls async-signal-safe functions.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    for (const char* name : {"LD_PRELOAD=", "CONC_PROBE_RUN_PID=", "CONC_PROBE_REPORT=",
                             "CONC_PROBE_IGNORE_NAMES=", "CONC_PROBE_IGNORE_CREATED_BY=",
                             "CONC_PROBE_IGNORE_TOP=", "CONC_PROBE_MAX_WAIT_MS=",
                             "CONC_PROBE_CURRENT_STACKS=", "CONC_PROBE_LOCKS=",
                             "CONC_PROBE_IGNORE_LOCK_SITE=", "CONC_PROBE_LOCKS_JSON="}) {
      if (entry.rfind(name, 0) == 0) entry.clear();
    }
    if (!entry.empty()) env_strings.push_back(entry);
  }
  std::string preload = library;
  if (const char* old = std::getenv("LD_PRELOAD"); old != nullptr && *old) preload += std::string(":") + old;
  env_strings.push_back("LD_PRELOAD=" + preload);
  env_strings.push_back("CONC_PROBE_REPORT=" + report_path);
  // Ignore lists set in the environment add up with the flags; the flags
  // win for the other settings.
  auto with_environment = [](const char* name, const std::vector<std::string>& globs) {
    std::string value = Join(globs, "\n");
    if (const char* from_env = std::getenv(name); from_env != nullptr && *from_env) {
      value = value.empty() ? from_env : value + "\n" + from_env;
    }
    return std::string(name) + "=" + value;
  };
  env_strings.push_back(with_environment("CONC_PROBE_IGNORE_NAMES", settings.ignore_names));
  env_strings.push_back(with_environment("CONC_PROBE_IGNORE_CREATED_BY", settings.ignore_created_by));
  env_strings.push_back(with_environment("CONC_PROBE_IGNORE_TOP", settings.ignore_top));
  if (settings.locks) {
    env_strings.push_back("CONC_PROBE_LOCKS=1");
    env_strings.push_back(with_environment("CONC_PROBE_IGNORE_LOCK_SITE", settings.ignore_lock_sites));
    if (!settings.json_path.empty()) env_strings.push_back("CONC_PROBE_LOCKS_JSON=" + settings.json_path);
  }
  if (!settings.max_wait.empty()) {
    env_strings.push_back("CONC_PROBE_MAX_WAIT_MS=" + settings.max_wait);
  } else if (const char* wait = std::getenv("CONC_PROBE_MAX_WAIT_MS")) {
    env_strings.push_back(std::string("CONC_PROBE_MAX_WAIT_MS=") + wait);
  }
  // The flag turns current stacks off; otherwise the variable goes through
  // as it was set, so that the probe validates it (a typo exits 2 there
  // instead of being dropped here).
  const char* stacks = std::getenv("CONC_PROBE_CURRENT_STACKS");
  if (!settings.current_stacks) {
    env_strings.push_back("CONC_PROBE_CURRENT_STACKS=0");
  } else if (stacks != nullptr) {
    env_strings.push_back(std::string("CONC_PROBE_CURRENT_STACKS=") + stacks);
  }
  std::string pid_entry(32, '\0');  // filled in by the child: "CONC_PROBE_RUN_PID=<pid>"
  env_strings.push_back(pid_entry);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  char* pid_buffer = env_strings.back().data();
  std::vector<std::string> argv_strings = args;
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t child = fork();
  if (child < 0) Fail(kUsage, std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    // Async-signal-safe only: format our pid by hand.
    const char prefix[] = "CONC_PROBE_RUN_PID=";
    char digits[16];
    int n = 0;
    for (pid_t p = getpid(); p > 0; p /= 10) digits[n++] = static_cast<char>('0' + p % 10);
    size_t at = 0;
    for (; prefix[at] != '\0'; ++at) pid_buffer[at] = prefix[at];
    while (n > 0) pid_buffer[at++] = digits[--n];
    pid_buffer[at] = '\0';
    if (capture != nullptr) dup2(output[1], STDOUT_FILENO);
    execve(binary.c_str(), argv.data(), envp.data());
    int error = errno;
    ssize_t ignored = write(exec_error[1], &error, sizeof error);
    (void)ignored;
    _exit(127);
  }
  g_child = child;
  close(exec_error[1]);
  if (capture != nullptr) {
    close(output[1]);
    char buffer[4096];
    ssize_t n;
    while ((n = read(output[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) capture->append(buffer, static_cast<size_t>(n));
    }
    close(output[0]);
  }
  int error = 0;
  ssize_t got;
  do {
    got = read(exec_error[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  close(exec_error[0]);
  Outcome outcome;
  while (waitpid(child, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  g_child = 0;
  if (got == static_cast<ssize_t>(sizeof error)) {
    unlink(report_path.c_str());
    Fail(kUsage, "cannot run " + binary + ": " + std::strerror(error));
  }
  std::ifstream in(report_path);
  std::string first;
  bool read = static_cast<bool>(std::getline(in, first));
  outcome.loaded = read && (first == "loaded" || first.rfind("checked ", 0) == 0);
  if (read && first.rfind("checked ", 0) == 0) {
    outcome.checked = true;
    outcome.leaked = std::atoi(first.c_str() + 8);
    std::streampos after_first = in.tellg();
    std::string second;
    if (std::getline(in, second) && second.rfind("locks ", 0) == 0) {
      outcome.lock_findings = std::atoi(second.c_str() + 6);
    } else {
      in.clear();
      in.seekg(after_first);
    }
    std::stringstream rest;
    rest << in.rdbuf();
    outcome.report = rest.str();
  }
  unlink(report_path.c_str());
  return outcome;
}

// What the program's own end says, or "" when it exited with 0.
std::string DescribeEnd(const Outcome& o, int& code) {
  if (WIFSIGNALED(o.status)) {
    int signo = WTERMSIG(o.status);
    code = 128 + signo;
    return "the program was killed by signal " + std::to_string(signo) + " (" + strsignal(signo) +
           ")" + (WCOREDUMP(o.status) ? ", core dumped" : "");
  }
  code = WEXITSTATUS(o.status);
  if (code != 0) return "the program exited with status " + std::to_string(code);
  return "";
}

int Conclude(const Outcome& o, const std::string& what) {
  int code = 0;
  std::string end = DescribeEnd(o, code);
  if (o.checked && o.lock_findings > 0) {
    if (o.leaked > 0) std::fprintf(stderr, "%s", o.report.c_str());
    std::string leaks = o.leaked > 0 ? "; " + std::to_string(o.leaked) + " thread" +
                                           (o.leaked == 1 ? "" : "s") + " still running at exit"
                                     : "";
    std::fprintf(stderr, "conc-probe: %s: %d lock report%s (see above)%s%s%s\n", what.c_str(),
                 o.lock_findings, o.lock_findings == 1 ? "" : "s", leaks.c_str(),
                 end.empty() ? "" : "; ", end.c_str());
    return kLeaked;
  }
  if (o.checked && o.leaked > 0) {
    std::fprintf(stderr, "%s", o.report.c_str());
    std::fprintf(stderr, "conc-probe: %s: %d thread%s still running at exit%s%s\n", what.c_str(),
                 o.leaked, o.leaked == 1 ? "" : "s", end.empty() ? "" : "; ", end.c_str());
    return kLeaked;
  }
  if (!o.checked) {
    std::string why;
    if (WIFSIGNALED(o.status)) {
      why = end;
    } else if (!o.loaded) {
      why = "the probe was not loaded into the program (see the dynamic linker's message "
            "above), status " + std::to_string(code);
    } else {
      why = "the program ended without running exit handlers (_exit, quick_exit or exec), "
            "status " + std::to_string(code);
    }
    std::fprintf(stderr, "conc-probe: %s: not checked for leaked threads: %s\n", what.c_str(),
                 why.c_str());
    // A probe that could not be loaded is the tool's failure, not the program's.
    if (!o.loaded && !WIFSIGNALED(o.status)) return kUsage;
    return code;
  }
  if (!end.empty()) std::fprintf(stderr, "conc-probe: %s: no leaked threads, but %s\n", what.c_str(), end.c_str());
  return code;
}

// Does the file hold `needle`? Read in blocks that overlap by the needle's
// length, so a match across a block boundary is found.
bool FileContains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string window;
  std::vector<char> block(1 << 16);
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
    window.append(block.data(), static_cast<size_t>(in.gcount()));
    if (window.find(needle) != std::string::npos) return true;
    window.erase(0, window.size() > needle.size() ? window.size() - needle.size() : 0);
  }
  return false;
}

// The shared libraries the dynamic linker would load for `binary`, as ldd
// finds them: the loader prints them and stops before the program runs.
std::vector<std::string> SharedLibraries(const std::string& binary) {
  int out[2];
  if (pipe(out) != 0) return {};
  pid_t child = fork();
  if (child == 0) {
    dup2(out[1], STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    setenv("LD_TRACE_LOADED_OBJECTS", "1", 1);
    unsetenv("LD_PRELOAD");
    execl(binary.c_str(), binary.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  if (child > 0) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::vector<std::string> libraries;
  std::stringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {  // "\tlibgtest.so.1 => /usr/lib/.../libgtest.so.1 (0x...)"
    size_t arrow = line.find("=> /");
    if (arrow == std::string::npos) continue;
    size_t start = arrow + 3;
    libraries.push_back(line.substr(start, line.find(" (", start) - start));
  }
  return libraries;
}

// --per-test asks the program for its test list with --gtest_list_tests. A
// program of another framework (doctest, Catch2) ignores that flag and runs
// its whole suite instead, so look for GoogleTest first: its flag names are
// in the binary when GoogleTest is linked in, or in one of its libraries.
void RequireGoogleTest(const std::string& binary) {
  const std::string mark = "gtest_list_tests";
  if (FileContains(binary, mark)) return;
  for (const std::string& library : SharedLibraries(binary)) {
    if (FileContains(library, mark)) return;
  }
  Fail(kUsage, binary + ": no GoogleTest in it or its libraries; --per-test runs each GoogleTest "
                        "test in its own process (without --per-test, the whole program is checked)");
}

std::vector<std::string> ListGoogleTests(const Settings& settings, const std::string& binary,
                                         const std::string& library) {
  RequireGoogleTest(binary);
  std::vector<std::string> args = {"--gtest_list_tests"};
  for (size_t i = 1; i < settings.command.size(); ++i) args.push_back(settings.command[i]);
  std::string listing;
  Outcome o = RunProbed(settings, binary, args, library, &listing);
  if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) != 0) {
    Fail(kUsage, binary + " --gtest_list_tests failed; --per-test needs a GoogleTest binary");
  }
  std::vector<std::string> tests;
  std::stringstream lines(listing);
  std::string line, suite;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::string name = line.substr(0, line.find("  #"));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (line[0] != ' ') {
      suite = name;
    } else {
      size_t start = name.find_first_not_of(' ');
      std::string test = name.substr(start);
      if (suite.empty() || suite.back() != '.') Fail(kUsage, binary + ": not a GoogleTest test list");
      if (suite.find("DISABLED_") == 0 || test.find("DISABLED_") == 0) continue;
      tests.push_back(suite + test);
    }
  }
  if (tests.empty()) Fail(kUsage, binary + ": --gtest_list_tests listed no tests; --per-test needs a GoogleTest binary");
  return tests;
}

int RunPerTest(const Settings& settings, const std::string& binary, const std::string& library) {
  std::vector<std::string> tests = ListGoogleTests(settings, binary, library);
  std::vector<std::string> leaky, locked, failed;
  for (const std::string& test : tests) {
    // The program's own arguments first: a --gtest_filter among them chose
    // the tests listed, and GoogleTest takes the last filter given.
    std::vector<std::string> args(settings.command.begin() + 1, settings.command.end());
    args.push_back("--gtest_filter=" + test);
    Outcome o = RunProbed(settings, binary, args, library, nullptr);
    int code = Conclude(o, test);
    if (code == kLeaked && o.checked && (o.leaked > 0 || o.lock_findings > 0)) {
      if (o.leaked > 0) leaky.push_back(test);
      if (o.lock_findings > 0) locked.push_back(test);
    } else if (code != 0) {
      failed.push_back(test);
    }
  }
  std::fprintf(stderr, "conc-probe: %zu test%s run, %zu leaked threads%s%s\n", tests.size(),
               tests.size() == 1 ? "" : "s", leaky.size(), leaky.empty() ? "" : ": ",
               Join(leaky, ", ").c_str());
  if (settings.locks) {
    std::fprintf(stderr, "conc-probe: %zu test%s with lock reports%s%s\n", locked.size(),
                 locked.size() == 1 ? "" : "s", locked.empty() ? "" : ": ", Join(locked, ", ").c_str());
  }
  if (!failed.empty()) {
    std::fprintf(stderr, "conc-probe: %zu test%s failed otherwise: %s\n", failed.size(),
                 failed.size() == 1 ? "" : "s", Join(failed, ", ").c_str());
  }
  if (!leaky.empty() || !locked.empty()) return kLeaked;
  return failed.empty() ? 0 : 1;
}

Settings ParseRun(int argc, char** argv) {
  Settings s;
  int i = 2;
  auto value = [&](const char* option) -> std::string {
    if (i + 1 >= argc) Fail(kUsage, std::string(option) + " needs a value\n" + kUsageText);
    return argv[++i];
  };
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "--per-test") {
      s.per_test = true;
    } else if (arg == "--ignore") {
      s.ignore_names.push_back(value("--ignore"));
    } else if (arg == "--ignore-created-by") {
      s.ignore_created_by.push_back(value("--ignore-created-by"));
    } else if (arg == "--ignore-top") {
      s.ignore_top.push_back(value("--ignore-top"));
    } else if (arg == "--max-wait") {
      s.max_wait = value("--max-wait");
      if (s.max_wait.empty() || s.max_wait.find_first_not_of("0123456789") != std::string::npos)
        Fail(kUsage, "--max-wait needs a number of milliseconds, not '" + s.max_wait + "'");
    } else if (arg == "--no-current-stacks") {
      s.current_stacks = false;
    } else if (arg == "--locks") {
      s.locks = true;
    } else if (arg == "--ignore-lock-site") {
      s.ignore_lock_sites.push_back(value("--ignore-lock-site"));
    } else if (arg == "--json") {
      s.json_path = value("--json");
    } else if (!arg.empty() && arg[0] == '-') {
      Fail(kUsage, "unknown option " + arg + "\n" + kUsageText);
    } else {
      break;  // the binary, without "--"
    }
  }
  for (; i < argc; ++i) s.command.push_back(argv[i]);
  if (s.command.empty()) Fail(kUsage, std::string("no program to run\n") + kUsageText);
  if (!s.locks && (!s.ignore_lock_sites.empty() || !s.json_path.empty())) {
    Fail(kUsage, "--ignore-lock-site and --json go with --locks");
  }
  if (s.per_test && !s.json_path.empty()) {
    // Each test's process would overwrite the previous one's file.
    Fail(kUsage, "--json writes one file per run; it does not go with --per-test");
  }
  if (!s.json_path.empty()) {
    // Said now, not after the whole run: the file must be writable.
    int fd = open(s.json_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) Fail(kUsage, "--json " + s.json_path + ": " + std::strerror(errno));
    close(fd);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Fail(kUsage, std::string("no command\n") + kUsageText);
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsageText, stdout);
    return 0;
  }
  if (command != "run") Fail(kUsage, "unknown command '" + command + "'\n" + kUsageText);
  Settings settings = ParseRun(argc, argv);
  std::string binary = ResolveBinary(settings.command[0]);
  CheckBinary(binary);
  std::string library = FindProbeLibrary();
  struct sigaction forward = {};
  forward.sa_handler = Forward;
  sigemptyset(&forward.sa_mask);
  for (int signo : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaction(signo, &forward, nullptr);
  if (settings.per_test) return RunPerTest(settings, binary, library);
  std::vector<std::string> args(settings.command.begin() + 1, settings.command.end());
  return Conclude(RunProbed(settings, binary, args, library, nullptr), binary);
}
