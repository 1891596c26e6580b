// Stripe's webhooks: the "Stripe-Signature" header checked, then the event read.
#pragma once

#include <cstdint>
#include <string_view>

#include "fitkit/providers.hpp"

namespace fitkit::stripe {

// Checks "t=TIMESTAMP,v1=HEX[,v1=HEX…][,v0=…]": one v1 must equal HMAC-SHA256(secret,
// "TIMESTAMP.BODY") in hex (compared in constant time), and TIMESTAMP (seconds) must lie within
// `tolerance_ms` of `now_ms` either way. Throws Error(unauthenticated) otherwise.
void check_signature(std::string_view header, std::string_view body, std::string_view secret,
                     std::int64_t tolerance_ms, std::int64_t now_ms);

// The event in the port's terms. Throws Error::invalid("body") for a body that is not a Stripe
// event, or a payment event without the fields it needs.
PaymentEvent parse_event(std::string_view body);

}  // namespace fitkit::stripe
