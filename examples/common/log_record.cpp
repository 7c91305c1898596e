#include "log_record.h"

#include <cctype>
#include <charconv>

namespace ingest {
namespace {

// Splits off the next space-separated token of `rest`; empty when none is left.
std::string_view next_token(std::string_view& rest) {
  const auto begin = rest.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(begin);
  const auto end = rest.find(' ');
  const std::string_view token = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return token;
}

std::optional<Level> parse_level(std::string_view token) {
  if (token == "DEBUG") return Level::kDebug;
  if (token == "INFO") return Level::kInfo;
  if (token == "WARN" || token == "WARNING") return Level::kWarn;
  if (token == "ERROR") return Level::kError;
  return std::nullopt;
}

// "412ms" -> 412 ms. The unit is required: a bare number is ambiguous.
std::optional<std::chrono::milliseconds> parse_latency(std::string_view token) {
  if (token.size() < 3 || !token.ends_with("ms")) return std::nullopt;
  const std::string_view digits = token.substr(0, token.size() - 2);
  long long value = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size() || value < 0)
    return std::nullopt;
  return std::chrono::milliseconds(value);
}

bool looks_like_timestamp(std::string_view token) {
  // Cheap shape check (YYYY-MM-DDTHH:MM:SS...); the service does not do date
  // arithmetic, it only refuses lines that start with something else.
  return token.size() >= 19 && std::isdigit(static_cast<unsigned char>(token[0])) &&
         token[4] == '-' && token[7] == '-' && token[10] == 'T' && token[13] == ':';
}

}  // namespace

std::optional<LogRecord> parse_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string_view rest = line;
  const std::string_view timestamp = next_token(rest);
  const std::string_view level = next_token(rest);
  const std::string_view service = next_token(rest);
  const std::string_view latency = next_token(rest);
  if (!looks_like_timestamp(timestamp) || service.empty()) return std::nullopt;
  const auto parsed_level = parse_level(level);
  const auto parsed_latency = parse_latency(latency);
  if (!parsed_level || !parsed_latency) return std::nullopt;

  const auto message_begin = rest.find_first_not_of(' ');
  LogRecord record;
  record.timestamp = std::string(timestamp);
  record.level = *parsed_level;
  record.service = std::string(service);
  record.latency = *parsed_latency;
  if (message_begin != std::string_view::npos)
    record.message = std::string(rest.substr(message_begin));
  return record;
}

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
  }
  return "?";
}

}  // namespace ingest
