#pragma once
#include <conc/channel.h>

#include <string>

// Forwards every message of both inputs to `output`, each input's messages
// in the order that input delivers them, until both inputs are closed and
// drained; then closes `output`, once, and returns. Runs on the caller's
// thread (start it on a thread of its own to merge in the background).
void merge_two(conc::Receiver<std::string> input1, conc::Receiver<std::string> input2,
               conc::Sender<std::string> output);
