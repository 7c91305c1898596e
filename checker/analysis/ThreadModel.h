//===--- ThreadModel.h - conc-tidy ------------------------------*- C++ -*-===//
//
// Part of conc. What the thread checks know about threads: which types are
// threads, which containers hold them, what code a new thread runs, and
// whether that code can ever stop.
//
//===----------------------------------------------------------------------===//

#ifndef CONC_CHECKER_ANALYSIS_THREADMODEL_H
#define CONC_CHECKER_ANALYSIS_THREADMODEL_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::conc::threads {

/// Thread types whose destructor terminates when joinable; conc-unjoined-
/// thread and conc-leaked-thread take more in their ThreadTypes option.
constexpr char DefaultThreadTypes[] = "::std::thread";

/// Is T (references and cv-qualifiers aside) one of Types?
bool isThreadType(QualType T, llvm::ArrayRef<StringRef> Types);
/// std::jthread: joins in its destructor after requesting stop.
bool isJThreadType(QualType T);
/// A standard container, std::array or built-in array whose element (or
/// mapped value) is one of Types.
bool isThreadContainerType(QualType T, llvm::ArrayRef<StringRef> Types);
/// pthread_t.
bool isPthreadType(QualType T);

/// Is Call a call to the global function Name (pthread_create & co.)?
bool isCallTo(const CallExpr &Call, StringRef Name);

/// What a new thread runs: the body of the lambda or function passed as
/// Callable, when visible in this translation unit.
struct ThreadBody {
  const FunctionDecl *Function = nullptr; ///< The function or call operator.
  const Stmt *Body = nullptr;
  const LambdaExpr *Lambda = nullptr; ///< When it is a lambda.
};
ThreadBody resolveThreadBody(const Expr *Callable);

/// A loop in Body that can never end: its condition is always true and no
/// break, return, throw, goto or call to a [[noreturn]] function leaves it.
/// A body that only forwards to one function (`[this] { run(); }`) is
/// followed into that function.
const Stmt *findEndlessLoop(const ThreadBody &Body, ASTContext &Ctx);

/// Does the lambda or function take a std::stop_token (as std::jthread
/// passes one first)?
bool takesStopToken(const ThreadBody &Body);

} // namespace clang::tidy::conc::threads

#endif // CONC_CHECKER_ANALYSIS_THREADMODEL_H
