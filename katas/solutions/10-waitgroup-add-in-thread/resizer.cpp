#include "resizer.h"

#include <chrono>

namespace {
void halve(Image& image) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the real work
  image.width /= 2;
  image.height /= 2;
}
}  // namespace

void Resizer::resize_all(std::vector<Image>& images) {
  pending_.add(static_cast<std::int64_t>(images.size()));  // counted before any can finish
  for (Image& image : images) {
    workers_.emplace_back([this, &image] {
      halve(image);
      pending_.done();
    });
  }
  pending_.wait();
}
