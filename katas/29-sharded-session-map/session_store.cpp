#include "session_store.h"

void SessionStore::update(const std::string& id, const std::function<void(Session&)>& change) {
  std::lock_guard lock(locks_[id]);  // this session's lock, created on first use
  change(sessions_[id]);
}

std::optional<Session> SessionStore::find(const std::string& id) {
  auto found = locks_.find(id);
  if (found == locks_.end()) return std::nullopt;
  std::lock_guard lock(found->second);
  return sessions_.at(id);
}

std::size_t SessionStore::size() { return sessions_.size(); }
