// RUN: %check_conc_tidy %s conc-unsynchronized-capture %t
// Found on cpp-httplib's WebSocket tests: a client whose send() is called
// by several threads synchronizes itself through the object it owns by
// std::unique_ptr (or std::shared_ptr), whose member mutex guards the write.
// A class with a lock behind an owning pointer synchronizes itself as much
// as one with the lock inline: silent.
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class Connection {
public:
  bool send(const std::string &text);

private:
  std::mutex write_mutex_;
  int fd_ = -1;
};

class Client {
public:
  bool send(const std::string &text) { return conn_ && conn_->send(text); }

private:
  std::string host_;
  std::unique_ptr<Connection> conn_;
};

class SharedClient {
public:
  bool send(const std::string &text);

private:
  std::shared_ptr<Connection> conn_;
};

void concurrent_send(int n) {
  Client client;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t)
    threads.emplace_back([&client, t] {
      for (int i = 0; i < 5; ++i)
        client.send("thread" + std::to_string(t));
    });
  for (auto &th : threads)
    th.join();
}

void concurrent_shared_send(int n) {
  SharedClient client;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t)
    threads.emplace_back([&client] { client.send("hello"); });
  for (auto &th : threads)
    th.join();
}
