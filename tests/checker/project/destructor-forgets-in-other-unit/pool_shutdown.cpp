#include "pool.h"

namespace jobs {
struct Print {};
// Sets the flag; the workers are never joined.
template <typename Job> void Pool<Job>::shutdown() { done_ = true; }
template class Pool<Print>;
} // namespace jobs
