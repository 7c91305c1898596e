// conc/internal/thread_annotations.h: clang's thread-safety annotations
// (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html) under conc's own
// names, so that the runtime's headers say which lock guards which member and
// `clang -Wthread-safety` checks it. Under any other compiler (GCC) every macro
// expands to nothing: the annotations document, and cost nothing.
//
// Not public API; the names are CONC_-prefixed so that they never collide with
// a user's own GUARDED_BY (abseil, LLVM and Chromium all define one).
#pragma once

#if defined(__clang__)
#define CONC_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define CONC_THREAD_ANNOTATION(x)
#endif

// A type whose objects are locks ("mutex" in the analysis' messages).
#define CONC_CAPABILITY(name) CONC_THREAD_ANNOTATION(capability(name))
// An RAII type that holds a capability for its lifetime.
#define CONC_SCOPED_CAPABILITY CONC_THREAD_ANNOTATION(scoped_lockable)
// A member read or written only while `lock` is held.
#define CONC_GUARDED_BY(lock) CONC_THREAD_ANNOTATION(guarded_by(lock))
// A pointer member whose pointee is accessed only while `lock` is held.
#define CONC_PT_GUARDED_BY(lock) CONC_THREAD_ANNOTATION(pt_guarded_by(lock))
// The function takes / releases the lock (the object itself when no argument
// is given), or takes it when it returns `value`.
#define CONC_ACQUIRE(...) CONC_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define CONC_RELEASE(...) CONC_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define CONC_TRY_ACQUIRE(...) CONC_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// The caller must hold / must not hold the lock.
#define CONC_REQUIRES(...) CONC_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define CONC_EXCLUDES(...) CONC_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// For the few functions whose locking the analysis cannot follow; each use
// says why next to it.
#define CONC_NO_THREAD_SAFETY_ANALYSIS CONC_THREAD_ANNOTATION(no_thread_safety_analysis)
