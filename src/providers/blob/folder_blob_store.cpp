// The embedded blob default: one file per key under a folder; '/' in a key makes sub-folders.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "providers/local_files.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMaxKey = 1024;
constexpr std::size_t kMaxSegment = 255;  // NAME_MAX

// Keys name files below the folder and nothing else: no escape, no hidden or temporary names.
void check_key(std::string_view key) {
  if (key.empty()) throw Error::invalid("key", "is empty");
  if (key.size() > kMaxKey) throw Error::invalid("key", fmt::format("is longer than {} characters", kMaxKey));
  for (char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '/';
    if (!ok) throw Error::invalid("key", "may contain only letters A-Z a-z, digits and . _ - /");
  }
  if (key.front() == '/') throw Error::invalid("key", "must be relative: no leading '/'");
  if (key.find("..") != std::string_view::npos) throw Error::invalid("key", "may not contain '..'");
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = key.find('/', start);
    const std::string_view segment =
        key.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty())
      throw Error::invalid("key", "may not have an empty segment ('//' or a trailing '/')");
    if (segment.front() == '.') throw Error::invalid("key", "segments may not start with '.'");
    if (segment.size() > kMaxSegment)
      throw Error::invalid("key", fmt::format("segments may not be longer than {} characters", kMaxSegment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

Error fs_error(std::string_view what, const std::filesystem::path& path, int err) {
  return Error::unavailable(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(err)));
}

class FolderBlobStore final : public BlobStore {
 public:
  explicit FolderBlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  void put(std::string_view key, std::string_view bytes) override {
    check_key(key);
    const auto path = dir_ / key;
    // A blob "a" and a blob "a/b" cannot both exist: one would have to be a folder.
    std::filesystem::path prefix = dir_;
    for (const auto& part : std::filesystem::path(key).parent_path()) {
      prefix /= part;
      struct stat st {};
      if (::stat(prefix.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
        throw Error::conflict(fmt::format("blob key '{}' is inside the existing blob '{}'", key,
                                          prefix.lexically_relative(dir_).string()));
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw Error::conflict(fmt::format("blob key '{}' is the folder of other blobs", key));
    providers::ensure_directory(path.parent_path());
    providers::write_file_atomically(path, bytes, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
  }

  std::optional<std::string> get(std::string_view key) override {
    check_key(key);
    const auto path = dir_ / key;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
      throw fs_error("open", path, errno);
    }
    std::string out;
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular) out.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[65536];
    while (regular) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        throw fs_error("read", path, err);
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (!regular) return std::nullopt;  // a folder of other blobs is not a blob
    return out;
  }

  void remove(std::string_view key) override {
    check_key(key);
    const auto path = dir_ / key;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR && errno != EISDIR)
      throw fs_error("remove", path, errno);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

std::shared_ptr<BlobStore> make_folder_blob_store(std::filesystem::path dir) {
  return std::make_shared<FolderBlobStore>(std::move(dir));
}

}  // namespace fitkit
