// File-system helpers shared by the embedded providers (mail and SMS folders, the blob folder).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fitkit::providers {

// Creates `dir` and its parents when missing; throws Error::unavailable when it cannot.
void ensure_directory(const std::filesystem::path& dir);

// Replaces `path` with `bytes` so that a reader sees the old content or the new, never a part:
// a temporary file in the same folder, fsync, rename, fsync of the folder.
// Throws Error::unavailable on a file-system error.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, mode_t mode);

// A file name for an idempotency key: the key itself when it is a short name of
// [A-Za-z0-9._-] that does not start with '.', else its SHA-256 in hex. Distinct keys give
// distinct names, and no name can leave the folder.
std::string file_name_for_key(std::string_view key);

// True when `name` is the temporary file of an unfinished write_file_atomically.
bool is_temporary_file_name(std::string_view name);

}  // namespace fitkit::providers
