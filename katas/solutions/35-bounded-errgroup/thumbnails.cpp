#include "thumbnails.h"

#include <conc/errgroup.h>

void make_thumbnails(const std::vector<Photo>& photos, int max_parallel,
                     const MakeThumbnail& make) {
  conc::ErrGroup group;
  // Before the first go(): from then on, go() waits for a free slot when
  // max_parallel thumbnails are being made (Go: g.SetLimit(n) before g.Go).
  group.set_limit(max_parallel);
  for (const Photo& photo : photos) {
    group.go([&make, &photo] { make(photo); });
  }
  if (std::exception_ptr error = group.wait()) std::rethrow_exception(error);
}
