#pragma once
#include <cstddef>
#include <functional>
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
  // One mutex per session, not one for the whole store: the global mutex
  // was the hottest lock in the profile.
  std::unordered_map<std::string, std::mutex> locks_;
  std::unordered_map<std::string, Session> sessions_;
};
