// A cap on the mail about an account that one address receives: registration,
// verification resends and password resets are anonymous, so without it anyone
// could flood someone's mailbox.
#pragma once

#include <cstdint>
#include <string_view>

#include "fitkit/storage.hpp"

namespace fitkit::accounts {

// Counts one mail to `address` and returns true, or returns false when the address has
// had `per_hour` already in the current hour-long window: the caller then sends nothing
// and answers as if it had, so the cap tells nothing about the account. Call inside the
// transaction that enqueues the mail.
bool take_account_mail(storage::Connection& c, std::string_view address, std::int64_t now, int per_hour);

}  // namespace fitkit::accounts
