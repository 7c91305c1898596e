// Finds the one thread it leaks on purpose; exit 0 when the probe works.
#include <chrono>
#include <cstdio>
#include <thread>

#include <conc/probe/probe.h>

[[gnu::noinline]] void StartWorker() {
  std::thread([] { std::this_thread::sleep_for(std::chrono::seconds(30)); }).detach();
}

int main() {
  StartWorker();
  conc::probe::Report report = conc::probe::Find(conc::probe::MaxWait(std::chrono::milliseconds(50)));
  std::printf("%s", report.ToString().c_str());
  bool ok = report.threads().size() == 1 &&
            report.threads()[0].created_by.function.find("StartWorker") != std::string::npos;
  std::printf("consumer: %s\n", ok ? "probe works" : "probe did NOT find the leak");
  return ok ? 0 : 1;
}
