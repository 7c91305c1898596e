//===--- Progress.cpp - conc-tidy -----------------------------------------===//
//
// Part of conc.
//
//===----------------------------------------------------------------------===//

#include "driver/Progress.h"

#include "llvm/Support/Format.h"

namespace clang::tidy::conc {
namespace {

std::string clock(double Seconds) {
  unsigned S = static_cast<unsigned>(Seconds + 0.5);
  char Buffer[32];
  snprintf(Buffer, sizeof Buffer, "%u:%02u", S / 60, S % 60);
  return Buffer;
}

} // namespace

Progress::Progress(llvm::raw_ostream &OS, size_t Total, bool Interactive)
    : OS(OS), Total(Total), Interactive(Interactive),
      Start(std::chrono::steady_clock::now()) {}

void Progress::started(const std::string &File) {
  Current = File;
  if (Interactive)
    redraw();
}

void Progress::finished(const std::string &File, size_t FindingsInFile,
                        size_t FindingsSoFar, double Seconds, bool Cached,
                        const std::string &Problem) {
  ++Done;
  Findings = FindingsSoFar;
  if (Interactive) {
    if (!Problem.empty()) {
      OS << "\r\x1b[K";
      OS << "conc-tidy: " << File << ": " << Problem << "\n";
    }
    redraw();
    return;
  }
  OS << "[" << Done << "/" << Total << "] " << File << ": ";
  if (!Problem.empty())
    OS << Problem;
  else
    OS << FindingsInFile << (FindingsInFile == 1 ? " finding" : " findings");
  OS << " (" << llvm::format("%.1f", Seconds) << " s"
     << (Cached ? ", cached" : "") << ")\n";
  OS.flush();
}

void Progress::redraw() {
  double Elapsed = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - Start)
                       .count();
  OS << "\r\x1b[K[" << Done << "/" << Total << "] " << Findings
     << (Findings == 1 ? " finding" : " findings") << ", " << clock(Elapsed)
     << " elapsed";
  if (Done > 0 && Done < Total)
    OS << ", ~" << clock(Elapsed / Done * (Total - Done)) << " left";
  if (Done < Total && !Current.empty()) {
    // Keep the line short enough not to wrap on an 80-column terminal.
    std::string Shown = Current;
    if (Shown.size() > 40)
      Shown = "..." + Shown.substr(Shown.size() - 37);
    OS << "  " << Shown;
  }
  OS.flush();
}

void Progress::done() {
  if (Interactive) {
    OS << "\r\x1b[K";
    OS.flush();
  }
}

} // namespace clang::tidy::conc
