#include "providers/local_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::providers {
namespace {

constexpr std::string_view kTempMarker = ".tmp-";

Error fs_error(std::string_view what, const std::filesystem::path& path, int err) {
  return Error::unavailable(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(err)));
}

// Closes the descriptor on every path out of write_file_atomically.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fs_error("write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void sync_directory(const std::filesystem::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  // The rename is done; a folder that cannot be synced only weakens durability after a crash.
  if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

void ensure_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error::unavailable(fmt::format("cannot create the folder {}: {}", dir.string(), ec.message()));
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  const auto dir = path.parent_path();
  const auto temp = dir / fmt::format(".{}{}{}", path.filename().string(), kTempMarker,
                                      crypto::hex(crypto::random_bytes(8)));
  Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)};
  if (f.fd < 0) throw fs_error("create", temp, errno);
  try {
    write_all(f.fd, bytes, temp);
    if (::fsync(f.fd) != 0) throw fs_error("sync", temp, errno);
    const int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) throw fs_error("close", temp, errno);
    if (::rename(temp.c_str(), path.c_str()) != 0) throw fs_error("rename into", path, errno);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  sync_directory(dir);
}

std::string file_name_for_key(std::string_view key) {
  bool safe = !key.empty() && key.size() <= 100 && key.front() != '.';
  for (char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    safe = safe && ok;
  }
  // A 64-hex key would be taken for the hash of another key: hash it too.
  if (safe && key.size() == 64 && key.find_first_not_of("0123456789abcdef") == std::string_view::npos)
    safe = false;
  return safe ? std::string(key) : crypto::sha256_hex(key);
}

bool is_temporary_file_name(std::string_view name) {
  return !name.empty() && name.front() == '.' && name.find(kTempMarker) != std::string_view::npos;
}

}  // namespace fitkit::providers
