#include "settings.h"

const Config& Settings::get() {
  // Every caller returns only after the one load has finished, and sees its result.
  std::call_once(once_, [this] { config_ = std::make_unique<Config>(loader_()); });
  return *config_;
}
