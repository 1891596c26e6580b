// Email addresses as accounts store them: trimmed, lower-case, and of a deliberately
// plain shape (RFC 5321 dot-atom local part, LDH domain) that every mail system accepts.
#pragma once

#include <string>
#include <string_view>

namespace fitkit::accounts {

// The normalized address, or Error::invalid("email", reason).
std::string normalize_email(std::string_view address);

}  // namespace fitkit::accounts
