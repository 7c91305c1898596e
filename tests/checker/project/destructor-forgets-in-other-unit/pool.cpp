#include "pool.h"

namespace jobs {
struct Print {};
template <typename Job> Pool<Job>::~Pool() { shutdown(); }
template class Pool<Print>;
} // namespace jobs
