#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// A replica answers a query; it may be slow. A well-behaved replica returns
// early (with anything) once its stop token is requested.
using Replica = std::function<std::string(std::stop_token)>;

// Sends the query to every replica at once and returns the first answer,
// or std::nullopt if none arrives within `timeout`. Either way it returns
// within the timeout (plus a little), and stops and joins the replicas'
// threads before returning.
std::optional<std::string> first_answer(const std::vector<Replica>& replicas,
                                        std::chrono::milliseconds timeout);
