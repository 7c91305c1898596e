#pragma once
#include <mutex>
// Held around every compaction and every replay: one of them at a time.
extern std::mutex maintenance_mu;
