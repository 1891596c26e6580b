#include "formats/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdio>

#include "fitkit/error.hpp"

namespace fitkit::formats {

struct ZipArchive::State {
  zip_t* archive = nullptr;
};

bool looks_zipped(std::string_view head) noexcept {
  return head.starts_with(std::string_view("PK\x03\x04", 4)) || head.starts_with(std::string_view("PK\x05\x06", 4));
}

bool is_safe_entry_name(std::string_view name) noexcept {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos)
    return false;
  if (name.size() >= 2 && name[1] == ':') return false;  // C:...
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto slash = name.find('/', start);
    const auto part = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

void zip_folder(const std::filesystem::path& folder, const std::filesystem::path& zip_path, std::string_view field) {
  auto fail = [&](const std::string& why) { return Error::invalid(std::string(field), folder.string() + ": " + why); };
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (files.size() >= kMaxZipEntries) throw fail("more than " + std::to_string(kMaxZipEntries) + " files");
    files.push_back(it->path());
  }
  if (ec) throw fail("cannot be read (" + ec.message() + ")");
  std::sort(files.begin(), files.end());

  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive) throw Error::unavailable("a ZIP archive could not be made at " + zip_path.string());
  for (const auto& path : files) {
    zip_source_t* src = zip_source_file(archive, path.c_str(), 0, -1);
    const auto name = std::filesystem::relative(path, folder).generic_string();
    const auto index = src ? zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (src) zip_source_free(src);
      zip_discard(archive);
      throw fail("cannot read " + name);
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  // The files are copied into the archive only now, one at a time.
  if (zip_close(archive) != 0) {
    const std::string why = zip_strerror(archive);
    zip_discard(archive);
    throw fail("its files could not be read (" + why + ")");
  }
}

ZipArchive::ZipArchive(std::string_view bytes, std::string_view field)
    : state_(std::make_unique<State>()), field_(field) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (!source) throw Error::internal("a ZIP archive could not be opened");
  open(source);
}

ZipArchive::ZipArchive(OnDisk, const std::filesystem::path& path, std::string_view field)
    : state_(std::make_unique<State>()), field_(field) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_file_create(path.c_str(), 0, -1, &error);
  zip_error_fini(&error);
  if (!source) throw Error::invalid(field_, path.filename().string() + ": cannot be read");
  open(source);
}

void ZipArchive::open(zip_source_t* source) {
  zip_error_t error;
  zip_error_init(&error);
  state_->archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!state_->archive) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error::invalid(field_, "not a readable ZIP archive (" + why + ")");
  }
  zip_error_fini(&error);
  const auto count = zip_get_num_entries(state_->archive, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > kMaxZipEntries) {
    zip_discard(state_->archive);
    state_->archive = nullptr;
    throw Error::invalid(field_, "a ZIP archive of more than " + std::to_string(kMaxZipEntries) + " entries");
  }
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(state_->archive, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
      continue;
    std::string name = st.name;
    if (name.ends_with("/")) continue;  // a directory
    entries_.push_back({static_cast<std::uint64_t>(i), std::move(name), (st.valid & ZIP_STAT_SIZE) ? st.size : 0});
  }
}

ZipArchive::~ZipArchive() {
  if (state_ && state_->archive) zip_discard(state_->archive);
}

std::string ZipArchive::read(const ZipEntry& entry, std::uint64_t max_bytes) {
  auto fail = [&](const std::string& why) { return Error::invalid(field_, entry.name + ": " + why); };
  zip_file_t* file = zip_fopen_index(state_->archive, entry.index, 0);
  if (!file) throw fail(std::string("cannot be read (") + zip_strerror(state_->archive) + ")");
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    const auto n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      const std::string why = zip_file_strerror(file);
      zip_fclose(file);
      throw fail("damaged (" + why + ")");
    }
    if (n == 0) break;
    // Counted as it inflates: the sizes in the headers are the sender's word.
    if (out.size() + static_cast<std::uint64_t>(n) > max_bytes) {
      zip_fclose(file);
      throw fail("inflates to more than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  // zip_fclose reports a CRC mismatch.
  if (zip_fclose(file) != 0) throw fail("damaged (bad CRC)");
  return out;
}

}  // namespace fitkit::formats
