// The access log of `fitctl serve`: one line per request, to stderr or appended to a
// file. It never holds the query string (it may carry secrets), a header or a body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace fitkit::http {

struct AccessLogEntry {
  std::int64_t started_at_ms = 0;  // wall clock, epoch milliseconds
  std::string_view client_ip;
  std::string_view method;
  std::string_view path;           // without the query string
  int status = 0;
  std::size_t response_bytes = 0;  // the body
  double duration_ms = 0;
  std::string_view request_id;
  std::string_view user_id;        // "usr_…"; empty for an anonymous caller
};

class AccessLog {
 public:
  // "-" writes to stderr; anything else is a file opened for appending (created 0640).
  // Throws Error(unavailable) when the file cannot be opened.
  explicit AccessLog(const std::string& destination);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Writes one whole line; from any thread. A failed write is dropped.
  void write(const AccessLogEntry& entry) noexcept;

  // "2026-11-23T21:39:00.942Z 127.0.0.1 GET /v1/me 200 312 1.843 5f0c… usr_02N40E96E1GE0\n":
  // time, client, method, path, status, body bytes, milliseconds, request id, user or "-".
  // Bytes outside printable ASCII, spaces, quotes and backslashes in the method and the
  // path are percent-encoded, so a line is always one line of fields split by spaces.
  static std::string format(const AccessLogEntry& entry);

 private:
  int fd_ = -1;
  bool owned_ = false;
  std::mutex mu_;
};

}  // namespace fitkit::http
