#include "settings.h"

const Config& Settings::get() {
  if (!config_) {
    config_ = std::make_unique<Config>(loader_());
  }
  return *config_;
}
