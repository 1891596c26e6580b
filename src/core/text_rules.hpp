// Rules for text that people write: names and notes checked as UTF-8 and bounded in characters,
// and the folded keys that sort and search it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fitkit::text {

// A one-line text (a name, a title): trimmed of spaces, valid UTF-8 without control characters,
// 1 to max_chars characters. Throws Error::invalid(field).
std::string one_line(std::string_view text, std::string_view field, std::size_t max_chars);

// Free text (notes, a description): valid UTF-8 where newlines and tabs are the only control
// characters, trimmed, at most max_chars characters. Empty text comes back empty.
std::string free_text(std::string_view text, std::string_view field, std::size_t max_chars);

// The key that sorts and matches text regardless of case and compatibility forms: NFKC, then
// Unicode case folding ("Straße" and "STRASSE" share one).
std::string text_key(std::string_view text);

// What a full-text index holds of a text, and what a search looks for: its text_key() with
// diacritics removed ("Café" and "cafe" share one; "й" becomes "и"), the same on every engine.
std::string search_text(std::string_view text);

// An https:// address of at most max_bytes, without spaces, quotes or angle brackets, that
// names a host. Throws Error::invalid(field).
std::string https_url(std::string_view url, std::string_view field, std::size_t max_bytes);

// E.164: '+', then 8 to 15 digits of which the first (the country code's) is not 0.
bool is_e164(std::string_view phone) noexcept;

// A LIKE pattern that finds `key` anywhere, its %, _ and \ escaped (use with ESCAPE '\').
std::string contains_pattern(std::string_view key);

}  // namespace fitkit::text
