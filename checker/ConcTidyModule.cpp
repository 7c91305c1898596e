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
#include "checks/LockOrderCheck.h"
#include "checks/ManualLockCheck.h"
#include "checks/UnjoinedThreadCheck.h"

namespace clang::tidy::conc {

class ConcModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<CopiedMutexCheck>("conc-copied-mutex");
    Factories.registerCheck<CvWaitPredicateCheck>("conc-cv-wait-predicate");
    Factories.registerCheck<LockOrderCheck>("conc-lock-order");
    Factories.registerCheck<ManualLockCheck>("conc-manual-lock");
    Factories.registerCheck<UnjoinedThreadCheck>("conc-unjoined-thread");
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
