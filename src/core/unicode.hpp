// Unicode text handling over ICU: normalization of strings that are compared or hashed.
#pragma once

#include <string>
#include <string_view>

namespace fitkit {

// The NFKC form of strictly decoded UTF-8, by the Normalization Process for Stabilized Strings
// (UAX #15, section 12.1): a result never changes under a later Unicode version. Compatibility
// characters become their plain forms (U+FB01 "ﬁ" -> "fi", full-width "Ａ" -> "A") and canonically
// equivalent spellings become one ("e" + U+0301 -> "é", Hangul jamo -> syllables). NUL is kept.
// Throws Error::invalid(field) for malformed UTF-8 (overlong forms, surrogates, truncated
// sequences, values past U+10FFFF) and for code points not yet assigned in ICU's Unicode version.
// The messages never quote the text, which may be a secret.
std::string normalize_nfkc(std::string_view utf8, std::string_view field);

}  // namespace fitkit
