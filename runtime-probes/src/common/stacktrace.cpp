#include "conc/internal/stacktrace.h"

#include <cxxabi.h>
#include <elfutils/libdwfl.h>
#include <execinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace conc::internal {
namespace {

// backtrace() loads libgcc_s on first use, which allocates: do it once, early.
[[gnu::constructor]] void WarmUpUnwinder() {
  void* pcs[2];
  backtrace(pcs, 2);
}

std::string Demangle(const char* name) {
  if (name == nullptr) return {};
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || out == nullptr) return name;
  std::string result(out);
  std::free(out);
  return result;
}

// One libdwfl session for the process, rebuilt when a PC falls outside every
// known module (a library loaded with dlopen after the last report).
class Symbolizer {
 public:
  ~Symbolizer() {
    if (dwfl_ != nullptr) dwfl_end(dwfl_);
  }

  Frame Resolve(void* pc) {
    std::lock_guard<std::mutex> guard(mu_);
    Frame frame;
    frame.pc = pc;
    auto addr = reinterpret_cast<Dwarf_Addr>(pc);
    Dwfl_Module* module = Find(addr);
    if (module == nullptr) {
      Reload();
      module = Find(addr);
    }
    if (module == nullptr) return frame;
    frame.function = Demangle(dwfl_module_addrname(module, addr));
    // A return address points after the call; look up the call itself.
    Dwfl_Line* line = dwfl_module_getsrc(module, addr - 1);
    if (line != nullptr) {
      int lineno = 0;
      const char* file = dwfl_lineinfo(line, nullptr, &lineno, nullptr, nullptr, nullptr);
      if (file != nullptr) {
        frame.file = file;
        frame.line = lineno;
      }
    }
    if (frame.file.empty()) {
      const char* name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr,
                                          nullptr, nullptr, nullptr);
      if (name != nullptr) frame.file = name;
    }
    return frame;
  }

 private:
  Dwfl_Module* Find(Dwarf_Addr addr) {
    if (dwfl_ == nullptr) Reload();
    return dwfl_ == nullptr ? nullptr : dwfl_addrmodule(dwfl_, addr);
  }

  void Reload() {
    if (dwfl_ != nullptr) dwfl_end(dwfl_);
    static const Dwfl_Callbacks callbacks = {
        dwfl_linux_proc_find_elf, dwfl_standard_find_debuginfo, nullptr, nullptr};
    dwfl_ = dwfl_begin(&callbacks);
    if (dwfl_ == nullptr) return;
    if (dwfl_linux_proc_report(dwfl_, getpid()) != 0 ||
        dwfl_report_end(dwfl_, nullptr, nullptr) != 0) {
      dwfl_end(dwfl_);
      dwfl_ = nullptr;
    }
  }

  std::mutex mu_;
  Dwfl* dwfl_ = nullptr;
};

Symbolizer& TheSymbolizer() {
  // Leaked on purpose: reports may be printed from atexit handlers and from
  // threads still running during static destruction.
  static auto* symbolizer = new Symbolizer;
  return *symbolizer;
}

}  // namespace

void CaptureStack(Stack& out, int skip) noexcept {
  void* pcs[Stack::kMaxFrames + 8];
  int n = backtrace(pcs, Stack::kMaxFrames + 8);
  int first = 1 + skip;  // drop CaptureStack itself
  out.depth = 0;
  for (int i = first; i < n && out.depth < Stack::kMaxFrames; ++i) {
    out.frames[out.depth++] = pcs[i];
  }
}

Frame Symbolize(void* pc) { return TheSymbolizer().Resolve(pc); }

std::string FormatStack(const Stack& stack, const char* indent) {
  std::string text;
  char buffer[64];
  for (int i = 0; i < stack.depth; ++i) {
    Frame frame = Symbolize(stack.frames[i]);
    std::snprintf(buffer, sizeof buffer, "%s#%d ", indent, i);
    text += buffer;
    text += frame.function.empty() ? "??" : frame.function;
    if (!frame.file.empty()) {
      text += " at ";
      text += frame.file;
      if (frame.line > 0) text += ":" + std::to_string(frame.line);
    }
    text += '\n';
  }
  return text;
}

}  // namespace conc::internal
