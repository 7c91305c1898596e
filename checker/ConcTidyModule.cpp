//===--- ConcTidyModule.cpp - conc-tidy -----------------------------------===//
//
// Part of conc. Registers every conc-* check. The same object file is linked
// into conc-tidy and into libConcTidyModule.so for `clang-tidy --load`.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include "checks/CopiedMutexCheck.h"
#include "checks/CvWaitPredicateCheck.h"
#include "checks/DanglingCaptureCheck.h"
#include "checks/DoubleCloseCheck.h"
#include "checks/IgnoredStopTokenCheck.h"
#include "checks/LeakedThreadCheck.h"
#include "checks/LockOrderCheck.h"
#include "checks/ManualLockCheck.h"
#include "checks/UnboundedThreadsCheck.h"
#include "checks/UnjoinedThreadCheck.h"
#include "checks/UnsynchronizedCaptureCheck.h"
#include "checks/WaitGroupAddInThreadCheck.h"

namespace clang::tidy::conc {

class ConcModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<CopiedMutexCheck>("conc-copied-mutex");
    Factories.registerCheck<CvWaitPredicateCheck>("conc-cv-wait-predicate");
    Factories.registerCheck<DanglingCaptureCheck>("conc-dangling-capture");
    Factories.registerCheck<DoubleCloseCheck>("conc-double-close");
    Factories.registerCheck<IgnoredStopTokenCheck>("conc-ignored-stop-token");
    Factories.registerCheck<LeakedThreadCheck>("conc-leaked-thread");
    Factories.registerCheck<LockOrderCheck>("conc-lock-order");
    Factories.registerCheck<ManualLockCheck>("conc-manual-lock");
    Factories.registerCheck<UnboundedThreadsCheck>("conc-unbounded-threads");
    Factories.registerCheck<UnjoinedThreadCheck>("conc-unjoined-thread");
    Factories.registerCheck<UnsynchronizedCaptureCheck>(
        "conc-unsynchronized-capture");
    Factories.registerCheck<WaitGroupAddInThreadCheck>(
        "conc-waitgroup-add-in-thread");
  }
};

// Registered by a static initializer: in conc-tidy the object file is linked
// directly (not from an archive), and in the plugin it runs when the host
// loads the library.
static ClangTidyModuleRegistry::Add<ConcModule>
    Registration("conc-module",
                 "Go's concurrency rules for C++: thread ownership, channel "
                 "closing, lock discipline.");

} // namespace clang::tidy::conc
