#include "core/text_rules.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/unicode.hpp"
#include "fitkit/error.hpp"

#include <algorithm>
#include <cctype>

namespace fitkit::text {
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

std::string search_text(std::string_view text) {
  const std::string key = text_key(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw Error::internal("ICU normalizers are missing");
  const auto decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(key.data(), static_cast<std::int32_t>(key.size()))),
                     status);
  icu::UnicodeString bare;
  for (std::int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  nfc->normalize(bare, status).toUTF8String(out);
  if (U_FAILURE(status)) throw Error::internal("ICU could not normalize a text");
  return out;
}

std::string https_url(std::string_view url, std::string_view field, std::size_t max_bytes) {
  const std::string name(field);
  if (url.size() > max_bytes) throw Error::invalid(name, name + " must be at most " + std::to_string(max_bytes) + " bytes");
  if (!url.starts_with("https://")) throw Error::invalid(name, name + " must be an https:// address");
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
      throw Error::invalid(name, name + " must be an address without spaces or unusual characters (percent-encode them)");
  }
  const auto host = url.substr(8, url.find_first_of("/?#", 8) - 8);
  const bool host_ok = !host.empty() && host.find('@') == std::string_view::npos &&
                       std::all_of(host.begin(), host.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
                                c == '[' || c == ']';
                       });
  if (!host_ok) throw Error::invalid(name, name + " must name a host: https://host/path");
  return std::string(url);
}

bool is_e164(std::string_view phone) noexcept {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  return phone.find_first_not_of("0123456789", 1) == std::string_view::npos;
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

}  // namespace fitkit::text
