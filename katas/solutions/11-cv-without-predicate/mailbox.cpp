#include "mailbox.h"

void Mailbox::put(std::string letter) {
  std::unique_lock lock(mutex_);
  // Sleep only while the box is full; re-checked after every wake-up.
  changed_.wait(lock, [this] { return !letter_.has_value(); });
  letter_ = std::move(letter);
  changed_.notify_all();
}

std::string Mailbox::take() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return letter_.has_value(); });
  std::string letter = std::move(*letter_);
  letter_.reset();
  changed_.notify_all();
  return letter;
}
