#include "mailbox.h"

void Mailbox::put(std::string letter) {
  std::unique_lock lock(mutex_);
  if (letter_) changed_.wait(lock);  // full: wait for a take()
  letter_ = std::move(letter);
  changed_.notify_all();
}

std::string Mailbox::take() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock);  // wait for a put()
  std::string letter = std::move(*letter_);
  letter_.reset();
  changed_.notify_all();
  return letter;
}
