#pragma once
#include <functional>
#include <string>
#include <vector>

struct Photo {
  std::string name;
};

// Makes the thumbnail of one photo; throws std::runtime_error for a photo
// it cannot decode. While it runs it holds the whole decoded image in
// memory (a 24-megapixel photo: about 100 MB).
using MakeThumbnail = std::function<void(const Photo&)>;

// Makes the thumbnails of every photo, up to `max_parallel` at a time and
// never more (the machine has the memory for that many decoded images).
// If some fail, the others still run, and the first failure is rethrown
// once every thumbnail has been tried. max_parallel >= 1.
void make_thumbnails(const std::vector<Photo>& photos, int max_parallel,
                     const MakeThumbnail& make);
