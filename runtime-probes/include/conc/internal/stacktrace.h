// conc/internal/stacktrace.h: capture a call stack cheaply, symbolize it later.
//
// Capture and symbolization are split on purpose: the leak probe records the
// creation stack of every thread (so capture must be cheap and must not
// allocate), but only a leaked thread's stack is ever printed. Misuse reports
// of the primitives (double close, lock-order cycle) print both sites' stacks.
//
// Symbolization uses elfutils' libdw for function, file and line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace conc::internal {

// A fixed-size captured stack: program counters, innermost first.
struct Stack {
  static constexpr int kMaxFrames = 48;
  void* frames[kMaxFrames];
  int depth = 0;
};

// Captures the caller's stack, dropping `skip` innermost frames (besides this
// function itself). Does not allocate after the first call in the process
// (the first call warms up the unwinder); safe to call from pthread_create.
void CaptureStack(Stack& out, int skip = 0) noexcept;

// One resolved frame.
struct Frame {
  void* pc = nullptr;
  std::string function;  // demangled; empty when unknown
  std::string file;      // source file when debug info has it; else the module
  int line = 0;          // 0 when unknown
  std::string module;    // the executable or shared library holding pc
};

// Resolves one program counter to its physical function (with the line of
// the call in it, when calls were inlined). Thread-safe; caches the
// process's module map.
Frame Symbolize(void* pc);

// Resolves one program counter to all its frames: the innermost inlined
// call first, the physical function last.
std::vector<Frame> SymbolizeInlined(void* pc);

// Formats a stack as lines "    #N function at file:line", one per frame,
// each line starting with `indent`.
std::string FormatStack(const Stack& stack, const char* indent = "    ");

}  // namespace conc::internal
