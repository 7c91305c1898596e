// RUN: %check_conc_tidy %s conc-double-close %t -- \
// RUN:   -config="{CheckOptions: {conc-double-close.ChannelTypes: '::boost::fibers::buffered_channel;::boost::fibers::unbuffered_channel', conc-double-close.SendMethods: 'push;try_push;push_wait_for'}}"
// Boost.Fiber's channels, named through the options.
namespace boost::fibers {
enum class channel_op_status { success, closed };
template <typename T> class buffered_channel {
public:
  explicit buffered_channel(unsigned capacity);
  channel_op_status push(const T &value);
  channel_op_status try_push(const T &value);
  void close() noexcept;
  bool is_closed() const noexcept;
};
} // namespace boost::fibers

void feed(boost::fibers::buffered_channel<int> &ch, bool stop_early) {
  if (stop_early)
    ch.close();
  ch.push(1);
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'push' on 'ch' after it may have been closed on a path that reaches here; a send on a closed channel fails [conc-double-close]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'ch' is closed here first
  ch.close();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: 'ch' may be closed twice
  // CHECK-NOTES: :[[@LINE-6]]:8: note: 'ch' is closed here first
}
