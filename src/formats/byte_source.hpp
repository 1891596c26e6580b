// Where a reader takes its bytes from, a piece at a time: memory, a file, or a gzip stream
// over another source. A reader never asks for the whole input at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

namespace fitkit::formats {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Copies up to `size` bytes into `out`; 0 at the end. Throws Error(invalid_argument) for
  // input it cannot read (a damaged gzip stream), Error(unavailable) for an I/O failure.
  virtual std::size_t read(char* out, std::size_t size) = 0;
};

class MemorySource final : public ByteSource {
 public:
  // The bytes must outlive the source.
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read(char* out, std::size_t size) override;

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

class FileSource final : public ByteSource {
 public:
  // Throws Error(not_found) or Error(unavailable) when the file cannot be opened.
  explicit FileSource(const std::filesystem::path& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  std::size_t read(char* out, std::size_t size) override;

 private:
  std::FILE* file_ = nullptr;
};

// Inflates a gzip stream (RFC 1952, members in a row as `cat a.gz b.gz` makes them) read
// from `inner`. Refuses more than `max_output` bytes out (a gzip bomb) with invalid_argument.
class GzipSource final : public ByteSource {
 public:
  GzipSource(ByteSource& inner, std::uint64_t max_output);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  std::size_t read(char* out, std::size_t size) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether `head` (the first bytes of an input) starts a gzip stream: 1f 8b.
bool looks_gzipped(std::string_view head) noexcept;

}  // namespace fitkit::formats
