#include "training/training_text.hpp"

#include <unicode/unistr.h>

#include "core/unicode.hpp"
#include "fitkit/error.hpp"

namespace fitkit::training {
namespace {

std::string_view trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Code points of valid UTF-8 (checked before): every byte that does not continue a character.
std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void check_text(std::string_view text, std::string_view field, std::size_t max_chars, bool multi_line) {
  const std::string name(field);
  normalize_nfkc(text, field);  // throws for malformed UTF-8
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool allowed_control = multi_line && (c == '\n' || c == '\t');
    if ((u < 0x20 || u == 0x7F) && !allowed_control)
      throw Error::invalid(name, name + (multi_line ? " must not hold control characters other than newlines and tabs"
                                                    : " must be one line without control characters"));
  }
  if (characters(text) > max_chars)
    throw Error::invalid(name, name + " must be at most " + std::to_string(max_chars) + " characters");
}

}  // namespace

std::string one_line(std::string_view text, std::string_view field, std::size_t max_chars) {
  text = trimmed(text);
  const std::string name(field);
  if (text.empty()) throw Error::invalid(name, name + " must not be empty");
  check_text(text, field, max_chars, false);
  return std::string(text);
}

std::string free_text(std::string_view text, std::string_view field, std::size_t max_chars) {
  text = trimmed(text);
  // \r\n is a newline too: keep \n alone.
  std::string normalized;
  normalized.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) normalized += text[i];
  check_text(normalized, field, max_chars, true);
  return normalized;
}

std::string text_key(std::string_view text) {
  const std::string nfkc = normalize_nfkc(text, "text");
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(nfkc.data(), static_cast<std::int32_t>(nfkc.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

std::string contains_pattern(std::string_view key) {
  std::string out = "%";
  for (char c : key) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace fitkit::training
