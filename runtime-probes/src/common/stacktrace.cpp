#include "conc/internal/stacktrace.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
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

// The name of a subprogram or inlined subroutine, following abstract origins.
std::string DieName(Dwarf_Die* die) {
  Dwarf_Attribute attr;
  for (int name : {DW_AT_linkage_name, DW_AT_MIPS_linkage_name}) {
    if (dwarf_attr_integrate(die, name, &attr) != nullptr) {
      if (const char* linkage = dwarf_formstring(&attr)) return Demangle(linkage);
    }
  }
  if (dwarf_attr_integrate(die, DW_AT_name, &attr) != nullptr) {
    if (const char* plain = dwarf_formstring(&attr)) return plain;
  }
  return {};
}

// The compile unit holding `addr` (module-relative in *bias). Tries
// .debug_aranges first; clang emits none unless asked (-gdwarf-aranges), so
// then the units' own address ranges.
bool FindUnit(Dwfl_Module* module, Dwarf_Addr addr, Dwarf_Die& unit, Dwarf_Addr& bias) {
  if (Dwarf_Die* die = dwfl_module_addrdie(module, addr, &bias)) {
    unit = *die;
    return true;
  }
  Dwarf* dwarf = dwfl_module_getdwarf(module, &bias);
  if (dwarf == nullptr) return false;
  Dwarf_Addr target = addr - bias;
  Dwarf_CU* cu = nullptr;
  uint8_t unit_type = 0;
  while (dwarf_get_units(dwarf, cu, &cu, nullptr, &unit_type, &unit, nullptr) == 0) {
    if (unit_type != DW_UT_compile && unit_type != DW_UT_partial) continue;
    Dwarf_Addr base = 0, start = 0, end = 0;
    for (ptrdiff_t at = 0; (at = dwarf_ranges(&unit, at, &base, &start, &end)) > 0;) {
      if (target >= start && target < end) return true;
    }
  }
  return false;
}

// One libdwfl session for the process, rebuilt when a PC falls outside every
// known module (a library loaded with dlopen after the last report).
class Symbolizer {
 public:
  ~Symbolizer() {
    if (dwfl_ != nullptr) dwfl_end(dwfl_);
  }

  // The frames of one PC, innermost inlined call first, the physical
  // function last.
  std::vector<Frame> Resolve(void* pc) {
    std::lock_guard<std::mutex> guard(mu_);
    Frame frame;
    frame.pc = pc;
    auto addr = reinterpret_cast<Dwarf_Addr>(pc);
    Dwfl_Module* module = Find(addr);
    if (module == nullptr) {
      Reload();
      module = Find(addr);
    }
    if (module == nullptr) return {frame};
    frame.function = Demangle(dwfl_module_addrname(module, addr));
    const char* name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr,
                                        nullptr, nullptr);
    if (name != nullptr) frame.module = name;
    frame.file = frame.module;
    // A return address points after the call; look up the call itself.
    Dwarf_Addr lookup = addr - 1;
    Dwarf_Die unit;
    Dwarf_Addr bias = 0;
    if (!FindUnit(module, lookup, unit, bias)) return {frame};
    if (Dwarf_Line* line = dwarf_getsrc_die(&unit, lookup - bias)) {
      int lineno = 0;
      const char* file = dwarf_linesrc(line, nullptr, nullptr);
      if (file != nullptr && dwarf_lineno(line, &lineno) == 0) {
        frame.file = file;
        frame.line = lineno;
      }
    }
    return ExpandInlined(unit, lookup - bias, frame);
  }

 private:
  // Walks the scopes around `relative`: each inlined subroutine becomes a
  // frame at the current location, and its call site is the location in the
  // next scope out.
  static std::vector<Frame> ExpandInlined(Dwarf_Die& unit, Dwarf_Addr relative, const Frame& base) {
    std::vector<Frame> frames;
    Dwarf_Die* scopes = nullptr;
    int count = dwarf_getscopes(&unit, relative, &scopes);
    Dwarf_Files* files = nullptr;
    size_t file_count = 0;
    if (count > 0) dwarf_getsrcfiles(&unit, &files, &file_count);
    std::string file = base.file;
    int line = base.line;
    for (int i = 0; i < count; ++i) {
      int tag = dwarf_tag(&scopes[i]);
      if (tag == DW_TAG_inlined_subroutine) {
        Frame inlined = base;
        inlined.function = DieName(&scopes[i]);
        inlined.file = file;
        inlined.line = line;
        frames.push_back(inlined);
        Dwarf_Attribute attr;
        Dwarf_Word value = 0;
        if (dwarf_attr(&scopes[i], DW_AT_call_file, &attr) != nullptr &&
            dwarf_formudata(&attr, &value) == 0 && files != nullptr && value < file_count) {
          if (const char* call_file = dwarf_filesrc(files, value, nullptr, nullptr)) file = call_file;
        }
        if (dwarf_attr(&scopes[i], DW_AT_call_line, &attr) != nullptr &&
            dwarf_formudata(&attr, &value) == 0) {
          line = static_cast<int>(value);
        }
      } else if (tag == DW_TAG_subprogram) {
        break;
      }
    }
    std::free(scopes);
    Frame physical = base;
    physical.file = file;
    physical.line = line;
    frames.push_back(physical);
    return frames;
  }

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

Frame Symbolize(void* pc) { return TheSymbolizer().Resolve(pc).back(); }

std::vector<Frame> SymbolizeInlined(void* pc) { return TheSymbolizer().Resolve(pc); }

std::string FormatStack(const Stack& stack, const char* indent) {
  std::string text;
  char buffer[64];
  int number = 0;
  for (int i = 0; i < stack.depth; ++i) {
    for (const Frame& frame : SymbolizeInlined(stack.frames[i])) {
      std::snprintf(buffer, sizeof buffer, "%s#%d ", indent, number++);
      text += buffer;
      text += frame.function.empty() ? "??" : frame.function;
      if (!frame.file.empty()) {
        text += " at ";
        text += frame.file;
        if (frame.line > 0) text += ":" + std::to_string(frame.line);
      }
      text += '\n';
    }
  }
  return text;
}

}  // namespace conc::internal
