#include <atomic>

std::atomic<int> progress;

void note_progress() { ++progress; }
