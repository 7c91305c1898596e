//===--- ProcessPool.cpp - conc-tidy --------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/ProcessPool.h"

#include <chrono>
#include <fcntl.h>
#include <map>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace clang::tidy::conc {
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  size_t Index;
  Clock::time_point Start;
  bool Killed = false;
};

pid_t spawn(const PoolJob &Job) {
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, STDOUT_FILENO,
                                   Job.LogPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&Actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&Actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  std::vector<char *> Argv;
  for (const std::string &A : Job.Argv)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  pid_t Pid = -1;
  if (posix_spawn(&Pid, Argv[0], &Actions, nullptr, Argv.data(), environ))
    Pid = -1;
  posix_spawn_file_actions_destroy(&Actions);
  return Pid;
}

double secondsSince(Clock::time_point Start) {
  return std::chrono::duration<double>(Clock::now() - Start).count();
}

} // namespace

void runPool(const std::vector<PoolJob> &Jobs, unsigned Parallel,
             double TimeoutSeconds,
             const std::function<void(size_t)> &OnStart,
             const std::function<void(size_t, const PoolOutcome &)> &OnDone) {
  std::map<pid_t, Running> Children;
  size_t Next = 0;
  while (Next < Jobs.size() || !Children.empty()) {
    while (Next < Jobs.size() && Children.size() < std::max(1u, Parallel)) {
      size_t Index = Next++;
      OnStart(Index);
      pid_t Pid = spawn(Jobs[Index]);
      if (Pid < 0) {
        PoolOutcome Failed;
        Failed.SpawnFailed = true;
        OnDone(Index, Failed);
        continue;
      }
      Children[Pid] = {Index, Clock::now()};
    }
    int Status = 0;
    pid_t Done = waitpid(-1, &Status, WNOHANG);
    if (Done > 0) {
      auto It = Children.find(Done);
      if (It == Children.end())
        continue;
      PoolOutcome Outcome;
      Outcome.Seconds = secondsSince(It->second.Start);
      Outcome.TimedOut = It->second.Killed;
      if (WIFEXITED(Status))
        Outcome.ExitCode = WEXITSTATUS(Status);
      else if (WIFSIGNALED(Status))
        Outcome.Signal = WTERMSIG(Status);
      size_t Index = It->second.Index;
      Children.erase(It);
      OnDone(Index, Outcome);
      continue;
    }
    if (TimeoutSeconds > 0)
      for (auto &[Pid, Child] : Children)
        if (!Child.Killed && secondsSince(Child.Start) > TimeoutSeconds) {
          kill(Pid, SIGKILL);
          Child.Killed = true;
        }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

} // namespace clang::tidy::conc
