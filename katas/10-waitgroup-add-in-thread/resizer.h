#pragma once
#include <conc/waitgroup.h>

#include <thread>
#include <vector>

struct Image {
  int width = 0;
  int height = 0;
};

// Halves images on background threads. resize_all() returns once every
// image it was given has been halved.
class Resizer {
 public:
  void resize_all(std::vector<Image>& images);

 private:
  conc::WaitGroup pending_;
  std::vector<std::jthread> workers_;  // declared last: joined before pending_ dies
};
