// Internet messages: RFC 5322 headers, RFC 2047 encoded-words, RFC 2045 quoted-printable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fitkit/providers.hpp"

namespace fitkit {

// A complete message with CRLF line endings, ready for SMTP DATA or an .eml file.
// Throws Error::invalid when a header would carry a CR or LF (header injection), an address is
// missing, the text is not UTF-8, or the idempotency key is empty.
std::string format_rfc5322(const MailMessage& m, std::int64_t now_ms);

// The addr-spec of "Name <addr>" or of a bare "addr"; empty when there is none.
std::string address_of(std::string_view from);

namespace providers {

// RFC 2045 quoted-printable of `text`; any line break (LF, CRLF, CR) becomes CRLF, lines are
// soft-broken to at most 76 characters.
std::string quoted_printable(std::string_view text);

// `text` as it may appear in an unstructured header after `used` characters of its first line:
// unchanged when printable ASCII that fits, else RFC 2047 B-encoded UTF-8 words, folded so that no
// line exceeds 76 characters and no character is split between words.
std::string encode_header_text(std::string_view text, std::size_t used);

// "Thu, 01 Jan 2026 00:00:00 +0000"
std::string rfc5322_date(std::int64_t epoch_ms);

bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace providers
}  // namespace fitkit
