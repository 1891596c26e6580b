// Reading a ZIP archive, in memory or on disk (libzip): its entries and their bytes, with the limits
// that an upload from anyone needs — entry count, inflated size checked while inflating
// whatever the headers claim (a ZIP bomb), and names that try to leave the archive refused.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct zip_source;  // libzip's, kept out of this header

namespace fitkit::formats {

inline constexpr std::size_t kMaxZipEntries = 100'000;

struct ZipEntry {
  std::uint64_t index = 0;
  std::string name;  // as stored: "activities/123.fit.gz"
  std::uint64_t size = 0;  // as the archive claims
};

// Whether the bytes start like a ZIP archive (a local file header or an empty archive).
bool looks_zipped(std::string_view head) noexcept;
// A name that stays inside the archive: relative, no "..", no drive letter or backslash.
bool is_safe_entry_name(std::string_view name) noexcept;

// Writes a ZIP (stored, not compressed) of the regular files under `folder` to `zip_path`,
// named by their paths relative to the folder, in name order, copying one file at a time: for
// sending a folder where one file is expected. Throws Error::invalid(field, ...) when the folder
// cannot be read or holds more than kMaxZipEntries files.
void zip_folder(const std::filesystem::path& folder, const std::filesystem::path& zip_path, std::string_view field);

class ZipArchive {
 public:
  // The bytes must outlive the archive. Throws Error::invalid(field, ...) for what is not a
  // ZIP archive or has more than kMaxZipEntries entries.
  ZipArchive(std::string_view bytes, std::string_view field);
  // The same for an archive file, read from disk entry by entry as they are asked for.
  struct OnDisk {};
  ZipArchive(OnDisk, const std::filesystem::path& path, std::string_view field);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // The files (not directories), in archive order.
  const std::vector<ZipEntry>& entries() const { return entries_; }
  // An entry's bytes; throws Error::invalid naming the entry when it is damaged, encrypted or
  // inflates past `max_bytes`.
  std::string read(const ZipEntry& entry, std::uint64_t max_bytes);

 private:
  struct State;
  void open(zip_source* source);
  std::unique_ptr<State> state_;
  std::string field_;
  std::vector<ZipEntry> entries_;
};

}  // namespace fitkit::formats
