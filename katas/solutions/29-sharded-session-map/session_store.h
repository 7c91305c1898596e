#pragma once
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
  std::string user;
  int requests = 0;
  std::vector<std::string> cart;
};

// The web shop's sessions, by session id, shared by all request threads.
// Requests of one session take turns (update() runs one change at a time
// per session); requests of different sessions never wait for each other,
// even when a change is slow (checkout calls the payment service while it
// holds its session).
class SessionStore {
 public:
  // Runs `change` on session `id` (created empty on first use), with no
  // other change to that session running at the same time.
  void update(const std::string& id, const std::function<void(Session&)>& change);

  // A copy of session `id`, or nullopt if there is none.
  std::optional<Session> find(const std::string& id);

  // How many sessions there are.
  std::size_t size();

 private:
  // A session and the lock that serializes its changes.
  struct Entry {
    std::mutex mutex;  // guards session
    Session session;
  };
  // A slice of the sessions with its own lock: looking a session up or
  // adding one holds only its shard's mutex, and only for the lookup.
  struct Shard {
    std::mutex mutex;  // guards entries (the table, not the sessions in it)
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries;
  };
  static constexpr std::size_t kShards = 16;

  // The entry of session `id`, created if needed. Entries are never erased
  // and never move (unique_ptr), so the reference stays valid after the
  // shard's lock is released.
  Entry& entry(const std::string& id);
  // The entry of session `id`, or nullptr.
  Entry* find_entry(const std::string& id);
  Shard& shard_for(const std::string& id);

  // Fixed at construction: picking a shard needs no lock.
  std::array<Shard, kShards> shards_;
};
