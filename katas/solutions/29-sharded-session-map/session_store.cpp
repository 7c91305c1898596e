#include "session_store.h"

SessionStore::Shard& SessionStore::shard_for(const std::string& id) {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

SessionStore::Entry& SessionStore::entry(const std::string& id) {
  Shard& shard = shard_for(id);
  std::lock_guard lock(shard.mutex);
  std::unique_ptr<Entry>& slot = shard.entries[id];
  if (!slot) slot = std::make_unique<Entry>();
  return *slot;
}

SessionStore::Entry* SessionStore::find_entry(const std::string& id) {
  Shard& shard = shard_for(id);
  std::lock_guard lock(shard.mutex);
  auto found = shard.entries.find(id);
  return found == shard.entries.end() ? nullptr : found->second.get();
}

void SessionStore::update(const std::string& id, const std::function<void(Session&)>& change) {
  Entry& session = entry(id);  // the shard's lock is already released here
  std::lock_guard lock(session.mutex);
  change(session.session);
}

std::optional<Session> SessionStore::find(const std::string& id) {
  Entry* session = find_entry(id);
  if (session == nullptr) return std::nullopt;
  std::lock_guard lock(session->mutex);
  return session->session;
}

std::size_t SessionStore::size() {
  std::size_t total = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}
