// conc/internal/deadline.h: timeouts and time points turned into steady_clock
// deadlines without overflow.
//
// Not public API. `now + timeout` overflows for std::chrono::hours::max() and
// its kind (signed overflow: undefined, in practice a deadline in the past),
// and so does converting a far time point of another clock. Every timeout
// and deadline that libconc accepts goes through these functions, which
// saturate: a wait longer than kForever (about 73 years) waits kForever, a
// deadline further in the past than that is simply in the past.
#pragma once

#include <chrono>
#include <type_traits>

namespace conc::internal {

using Clock = std::chrono::steady_clock;

// The longest wait libconc represents. A quarter of the range, so that
// `Clock::now() + kForever` cannot overflow (steady_clock counts from boot).
inline constexpr Clock::duration kForever = Clock::duration::max() / 4;

// `d` in steady_clock units, rounded up, clamped to [-kForever, kForever].
// NaN counts as zero.
template <class Rep, class Period>
Clock::duration SaturatedDuration(std::chrono::duration<Rep, Period> d) {
  // long double holds every 64-bit count exactly (x86-64, AArch64), and a
  // count of any Rep converts to it without overflow.
  using Wide = std::chrono::duration<long double>;
  const Wide wide = std::chrono::duration_cast<Wide>(d);
  const Wide limit = std::chrono::duration_cast<Wide>(kForever);
  if (!(wide == wide)) return Clock::duration::zero();
  if (wide >= limit) return kForever;
  if (wide <= -limit) return -kForever;
  return std::chrono::ceil<Clock::duration>(d);
}

// The steady_clock deadline `timeout` from now.
template <class Rep, class Period>
Clock::time_point SaturatedDeadlineAfter(std::chrono::duration<Rep, Period> timeout) {
  return Clock::now() + SaturatedDuration(timeout);
}

// The steady_clock deadline for a time point of any clock. For another clock
// the time left is measured on it and added to steady_clock's now, as the
// standard's condition_variable::wait_until does.
template <class C, class D>
Clock::time_point SaturatedDeadline(std::chrono::time_point<C, D> deadline) {
  using Wide = std::chrono::duration<long double>;
  const auto now = C::now();
  const Wide left = std::chrono::duration_cast<Wide>(deadline.time_since_epoch()) -
                    std::chrono::duration_cast<Wide>(now.time_since_epoch());
  const Wide limit = std::chrono::duration_cast<Wide>(kForever);
  if (left >= limit) return Clock::now() + kForever;
  if (left <= -limit) return Clock::now() - kForever;
  if constexpr (std::is_same_v<C, Clock>) {
    return std::chrono::ceil<Clock::duration>(deadline);  // within kForever of now: fits
  } else {
    return Clock::now() + std::chrono::ceil<Clock::duration>(deadline - now);
  }
}

}  // namespace conc::internal
