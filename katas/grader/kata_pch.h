// What every kata's test.cpp includes, precompiled once per set of compiler
// flags by conc-kata (GoogleTest's headers are most of a test's compile time).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
