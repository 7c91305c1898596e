#include "thumbnails.h"

#include <conc/errgroup.h>

void make_thumbnails(const std::vector<Photo>& photos, int max_parallel,
                     const MakeThumbnail& make) {
  conc::ErrGroup group;
  for (const Photo& photo : photos) {
    group.go([&make, &photo] { make(photo); });
  }
  group.set_limit(max_parallel);  // at most max_parallel thumbnails at once
  if (std::exception_ptr error = group.wait()) std::rethrow_exception(error);
}
