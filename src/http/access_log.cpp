#include "http/access_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/time_format.hpp"
#include "fitkit/error.hpp"

namespace fitkit::http {
namespace {

constexpr std::size_t kMaxPathBytes = 2048;  // longer paths are cut: a log line stays a line

void append_field(std::string& out, std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (text.empty()) {
    out += '-';
    return;
  }
  for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c > 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

}  // namespace

AccessLog::AccessLog(const std::string& destination) {
  if (destination == "-") {
    fd_ = STDERR_FILENO;
    return;
  }
  fd_ = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0)
    throw Error::unavailable("cannot open the access log " + destination + ": " + std::strerror(errno));
  owned_ = true;
}

AccessLog::~AccessLog() {
  if (owned_) ::close(fd_);
}

std::string AccessLog::format(const AccessLogEntry& e) {
  std::string line = format_utc(e.started_at_ms);
  line += ' ';
  append_field(line, e.client_ip, 64);
  line += ' ';
  append_field(line, e.method, 32);
  line += ' ';
  append_field(line, e.path, kMaxPathBytes);
  line += ' ';
  line += std::to_string(e.status);
  line += ' ';
  line += std::to_string(e.response_bytes);
  char duration[32];
  std::snprintf(duration, sizeof duration, " %.3f ", e.duration_ms < 0 ? 0.0 : e.duration_ms);
  line += duration;
  append_field(line, e.request_id, 128);
  line += ' ';
  append_field(line, e.user_id, 64);
  line += '\n';
  return line;
}

void AccessLog::write(const AccessLogEntry& entry) noexcept {
  try {
    const std::string line = format(entry);
    // One write() per line under the lock: lines of several threads never interleave, and
    // O_APPEND keeps lines of several processes on one file whole.
    std::lock_guard lock(mu_);
    std::string_view rest = line;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd_, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
  } catch (...) {
    // Out of memory for one line: the request is answered all the same.
  }
}

}  // namespace fitkit::http
