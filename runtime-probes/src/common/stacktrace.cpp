#include "conc/internal/stacktrace.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <execinfo.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

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
    auto cached = cache_.find(pc);
    if (cached != cache_.end()) return cached->second;
    std::vector<Frame> frames = ResolveUncached(pc);
    if (cache_.size() > kMaxCached) cache_.clear();
    cache_.emplace(pc, frames);
    return frames;
  }

 private:
  static constexpr size_t kMaxCached = 1 << 16;

  std::vector<Frame> ResolveUncached(void* pc) {
    Frame frame;
    frame.pc = pc;
    auto addr = reinterpret_cast<Dwarf_Addr>(pc);
    Dwfl_Module* module = Find(addr);
    if (module == nullptr) {
      Reload();
      module = Find(addr);
    }
    if (module == nullptr) return {frame};
    // A return address points after the call (past the function's end when
    // it calls a noreturn function); look up the call itself.
    Dwarf_Addr lookup = addr - 1;
    frame.function = Demangle(dwfl_module_addrname(module, lookup));
    const char* name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr,
                                        nullptr, nullptr);
    if (name != nullptr) frame.module = name;
    frame.file = frame.module;
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

  // Walks the scopes around `relative`: each inlined subroutine becomes a
  // frame at the current location, and its call site is the location in the
  // next scope out.
  static std::vector<Frame> ExpandInlined(Dwarf_Die& unit, Dwarf_Addr relative, const Frame& base) {
    std::vector<Frame> frames;
    std::vector<Dwarf_Die> scopes;  // outermost first
    ScopesAt(&unit, relative, scopes);
    Dwarf_Files* files = nullptr;
    size_t file_count = 0;
    if (!scopes.empty()) dwarf_getsrcfiles(&unit, &files, &file_count);
    std::string file = base.file;
    int line = base.line;
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
      Dwarf_Die& scope = *it;
      int tag = dwarf_tag(&scope);
      if (tag == DW_TAG_inlined_subroutine) {
        Frame inlined = base;
        inlined.function = DieName(&scope);
        inlined.file = file;
        inlined.line = line;
        frames.push_back(inlined);
        Dwarf_Attribute attr;
        Dwarf_Word value = 0;
        if (dwarf_attr(&scope, DW_AT_call_file, &attr) != nullptr &&
            dwarf_formudata(&attr, &value) == 0 && files != nullptr && value < file_count) {
          if (const char* call_file = dwarf_filesrc(files, value, nullptr, nullptr)) file = call_file;
        }
        if (dwarf_attr(&scope, DW_AT_call_line, &attr) != nullptr &&
            dwarf_formudata(&attr, &value) == 0) {
          line = static_cast<int>(value);
        }
      } else if (tag == DW_TAG_subprogram) {
        break;
      }
    }
    Frame physical = base;
    physical.file = file;
    physical.line = line;
    frames.push_back(physical);
    return frames;
  }

  // The subprogram, inlined subroutines and blocks that contain `pc`,
  // outermost first. (libdw's dwarf_getscopes gives up on some of clang's
  // DWARF 5 units, so the walk is done here.)
  static bool ScopesAt(Dwarf_Die* parent, Dwarf_Addr pc, std::vector<Dwarf_Die>& path) {
    Dwarf_Die child;
    if (dwarf_child(parent, &child) != 0) return false;
    do {
      int tag = dwarf_tag(&child);
      if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
          tag == DW_TAG_lexical_block) {
        if (dwarf_haspc(&child, pc) > 0) {
          path.push_back(child);
          ScopesAt(&child, pc, path);  // not &path.back(): the vector grows
          return true;
        }
      } else if (tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
                 tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
        if (ScopesAt(&child, pc, path)) return true;
      }
    } while (dwarf_siblingof(&child, &child) == 0);
    return false;
  }

  Dwfl_Module* Find(Dwarf_Addr addr) {
    if (dwfl_ == nullptr) Reload();
    return dwfl_ == nullptr ? nullptr : dwfl_addrmodule(dwfl_, addr);
  }

  void Reload() {
    cache_.clear();
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
  std::unordered_map<void*, std::vector<Frame>> cache_;  // cleared on Reload
};

// Leaked on purpose: reports may be printed from atexit handlers and from
// threads still running during static destruction.
std::atomic<Symbolizer*> g_symbolizer{nullptr};

// Another thread may have been inside the symbolizer at fork(): the child
// starts a new one (the old one is leaked; this runs in the child right
// after fork, so it only stores a pointer).
void ForgetSymbolizerInChild() { g_symbolizer.store(nullptr, std::memory_order_relaxed); }

[[gnu::constructor]] void RegisterForkHandler() {
  pthread_atfork(nullptr, nullptr, ForgetSymbolizerInChild);
}

Symbolizer& TheSymbolizer() {
  Symbolizer* symbolizer = g_symbolizer.load(std::memory_order_acquire);
  if (symbolizer != nullptr) return *symbolizer;
  auto* fresh = new Symbolizer;
  if (g_symbolizer.compare_exchange_strong(symbolizer, fresh, std::memory_order_acq_rel)) {
    return *fresh;
  }
  delete fresh;  // another thread made one first
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
