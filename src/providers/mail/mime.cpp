#include "providers/mail/mime.hpp"

#include <chrono>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit {
namespace providers {
namespace {

constexpr std::size_t kMaxLine = 76;  // RFC 2045/2047 limit for encoded lines
constexpr std::size_t kFoldAt = 78;   // RFC 5322 recommended line length
constexpr std::string_view kWordOpen = "=?UTF-8?B?";
constexpr std::string_view kWordClose = "?=";

bool is_plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// Length in bytes of the UTF-8 sequence that starts with `lead` (input already validated).
std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

std::size_t b64_length(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

// Printable ASCII folded before spaces so that lines stay within 78 characters; false when a
// word is too long to fit.
bool fold_ascii(std::string_view text, std::size_t used, std::string& out) {
  std::size_t line = used;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t next = text.find(' ', start + 1);
    if (next == std::string_view::npos) next = text.size();
    const std::string_view piece = text.substr(start, next - start);
    if (line + piece.size() > kFoldAt && start > 0) {
      // A folded line may not be only whitespace.
      if (piece.find_first_not_of(' ') == std::string_view::npos) return false;
      out += "\r\n";
      line = 0;
    }
    if (line + piece.size() > kFoldAt) return false;
    out += piece;
    line += piece.size();
    start = next;
  }
  return true;
}

// RFC 2047 B-encoded words, each holding whole UTF-8 characters, one per line of at most 76
// characters. `line` is how much of the current line is used, and on return of the last line.
std::string encoded_words(std::string_view text, std::size_t& line) {
  const std::size_t overhead = kWordOpen.size() + kWordClose.size();
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    if (!first) {
      out += "\r\n ";
      line = 1;
    }
    std::size_t end = pos;
    while (end < text.size()) {
      const std::size_t next = end + utf8_length(static_cast<unsigned char>(text[end]));
      if (line + overhead + b64_length(next - pos) > kMaxLine) break;
      end = next;
    }
    first = false;
    if (end == pos) continue;  // nothing fits after a long field name: start on a fresh line
    out += kWordOpen;
    out += crypto::base64_encode(text.substr(pos, end - pos));
    out += kWordClose;
    line += overhead + b64_length(end - pos);
    pos = end;
  }
  return out;
}

void check_header(std::string_view field, std::string_view value, bool allow_tab) {
  for (unsigned char c : value) {
    if (c == '\r' || c == '\n') throw Error::invalid(std::string(field), "must be a single line");
    if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f)
      throw Error::invalid(std::string(field), "contains a control character");
  }
  if (!is_valid_utf8(value)) throw Error::invalid(std::string(field), "is not valid UTF-8");
}

bool is_addr_spec(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "Name <addr>" with the name encoded when it is not plain ASCII.
std::string address_header(std::string_view header, std::string_view field, std::string_view value) {
  check_header(field, value, false);
  const std::string addr = address_of(value);
  if (!is_addr_spec(addr))
    throw Error::invalid(std::string(field), fmt::format("'{}' is not an email address", value));
  const std::size_t used = header.size() + 2;  // "From: "
  if (is_plain_ascii(value)) return std::string(trim(value));
  std::string_view name = trim(value.substr(0, value.rfind('<')));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  std::size_t line = used;
  std::string out = encoded_words(name, line);
  out += line + addr.size() + 3 > kFoldAt ? "\r\n <" : " <";
  out += addr;
  out += '>';
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Lead byte: how many continuation bytes follow and the bits it carries.
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += n + 1;
  }
  return true;
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3 / 2 + 16);
  std::size_t line = 0;
  auto emit = [&](std::string_view piece) {
    if (line + piece.size() > kMaxLine - 1) {  // keep room for the '=' of a soft break
      out += "=\r\n";
      line = 0;
    }
    if (line == 0 && piece == ".") piece = "=2E";  // SMTP gives a leading dot meaning (".\r\n" ends DATA)
    out += piece;
    line += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      line = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      const char ch = static_cast<char>(c);
      emit(std::string_view(&ch, 1));
    } else {
      const char esc[3] = {'=', kHex[c >> 4], kHex[c & 0x0f]};
      emit(std::string_view(esc, 3));
    }
  }
  return out;
}

std::string encode_header_text(std::string_view text, std::size_t used) {
  if (is_plain_ascii(text) && text.find("=?") == std::string_view::npos) {
    std::string folded;
    if (fold_ascii(text, used, folded)) return folded;
  }
  return encoded_words(text, used);
}

std::string rfc5322_date(std::int64_t epoch_ms) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(tp) - day};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[weekday{day}.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

}  // namespace providers

std::string address_of(std::string_view from) {
  std::string_view s = providers::trim(from);
  const auto open = s.rfind('<');
  if (open == std::string_view::npos) return std::string(s);
  const auto close = s.find('>', open);
  if (close == std::string_view::npos) return {};
  return std::string(providers::trim(s.substr(open + 1, close - open - 1)));
}

std::string format_rfc5322(const MailMessage& m, std::int64_t now_ms) {
  const std::string from = providers::address_header("From", "from", m.from);
  const std::string to = providers::address_header("To", "to", m.to);
  providers::check_header("subject", m.subject, true);
  if (!providers::is_valid_utf8(m.text)) throw Error::invalid("text", "is not valid UTF-8");
  if (m.idempotency_key.empty())
    throw Error::invalid("idempotency_key", "is required to identify the message");

  std::string out;
  out.reserve(m.text.size() * 3 / 2 + 512);
  out += "From: " + from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + providers::encode_header_text(m.subject, 9) + "\r\n";
  out += "Date: " + providers::rfc5322_date(now_ms) + "\r\n";
  // The key may hold anything; its hash is a valid, stable id-left.
  out += "Message-ID: <" + crypto::sha256_hex(m.idempotency_key).substr(0, 32) + "@fitkit.local>\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "\r\n";
  out += providers::quoted_printable(m.text);
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

}  // namespace fitkit
