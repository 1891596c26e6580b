#include "accounts/email_address.hpp"

#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

constexpr std::size_t kMaxAddress = 254;  // RFC 5321 path limit less the angle brackets
constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxLabel = 63;

[[noreturn]] void refuse(std::string message) { throw Error::invalid("email", std::move(message)); }

bool is_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 5322 atext: letters, digits and these symbols.
bool is_atext(char c) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-/=?^_`{|}~";
  return is_letter(c) || is_digit(c) || kSymbols.find(c) != std::string_view::npos;
}

void check_local(std::string_view local) {
  if (local.empty()) refuse("email address needs a name before the @");
  if (local.size() > kMaxLocal)
    refuse("the part of the email address before the @ is longer than 64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    refuse("email address must not start or end with a dot or have two dots in a row before the @");
  for (char c : local)
    if (c != '.' && !is_atext(c)) refuse("email address contains a character not allowed before the @");
}

void check_domain(std::string_view domain) {
  if (domain.empty()) refuse("email address needs a domain after the @");
  if (domain.find('.') == std::string_view::npos) refuse("the domain of the email address needs a dot");
  std::string_view rest = domain;
  std::string_view label;
  while (true) {
    const auto dot = rest.find('.');
    label = rest.substr(0, dot);
    if (label.empty() || label.size() > kMaxLabel)
      refuse("each part of the email domain must have 1 to 63 characters");
    if (label.front() == '-' || label.back() == '-')
      refuse("parts of the email domain must not start or end with a hyphen");
    for (char c : label)
      if (!is_letter(c) && !is_digit(c) && c != '-')
        refuse("the email domain may contain only letters, digits, hyphens and dots");
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  for (char c : label)  // the top-level domain
    if (!is_letter(c)) refuse("the email domain must end in a top-level domain of letters");
}

}  // namespace

std::string normalize_email(std::string_view address) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = address.find_first_not_of(kSpace);
  if (first == std::string_view::npos) refuse("email address is required");
  address = address.substr(first, address.find_last_not_of(kSpace) - first + 1);

  std::string email;
  email.reserve(address.size());
  for (char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80)
      refuse("email address must use ASCII characters only (internationalized addresses are not supported)");
    if (u < 0x21 || u == 0x7F) refuse("email address must not contain spaces or control characters");
    email.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (email.size() > kMaxAddress) refuse("email address is longer than 254 characters");
  const auto at = email.find('@');
  if (at == std::string::npos) refuse("email address needs an @");
  if (email.find('@', at + 1) != std::string::npos) refuse("email address must contain exactly one @");
  check_local(std::string_view(email).substr(0, at));
  check_domain(std::string_view(email).substr(at + 1));
  return email;
}

}  // namespace fitkit::accounts
