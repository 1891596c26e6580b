// The text rules of the training domain: names and notes checked as UTF-8 and bounded in
// characters, and the case-folded keys that sort and search the exercise library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fitkit::training {

// A one-line text (a name, a title): trimmed of spaces, valid UTF-8 without control characters,
// 1 to max_chars characters. Throws Error::invalid(field).
std::string one_line(std::string_view text, std::string_view field, std::size_t max_chars);

// Free text (notes, a description): valid UTF-8 where newlines and tabs are the only control
// characters, trimmed, at most max_chars characters. Empty text comes back empty.
std::string free_text(std::string_view text, std::string_view field, std::size_t max_chars);

// The key that sorts and matches text regardless of case and compatibility forms: NFKC, then
// Unicode case folding ("Straße" and "STRASSE" share one).
std::string text_key(std::string_view text);

// A LIKE pattern that finds `key` anywhere, its %, _ and \ escaped (use with ESCAPE '\').
std::string contains_pattern(std::string_view key);

}  // namespace fitkit::training
