// Fuzz target for the text parsers that face input: ids, base64, access tokens,
// email addresses, passwords, time zones, dates, recovery codes, page cursors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "accounts/access_token.hpp"
#include "accounts/email_address.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/recovery_codes.hpp"
#include "accounts/time_zone.hpp"
#include "accounts/totp.hpp"
#include "api/cursor.hpp"
#include "core/crypto.hpp"
#include "core/sealed.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string key(32, 'k');
  try {
    switch (data[0] % 10) {
      case 0: (void)fitkit::parse_id(fitkit::IdKind::user, text); break;
      case 1: (void)fitkit::crypto::base64url_decode(text); (void)fitkit::crypto::base64_decode(text); break;
      case 2: (void)fitkit::accounts::AccessTokens(key).verify(text, 0); break;
      case 3: (void)fitkit::accounts::normalize_email(text); break;
      case 4: fitkit::accounts::check_password({}, text, "ann@example.com", "ann"); break;
      case 5: (void)fitkit::accounts::is_valid_time_zone(text); (void)fitkit::accounts::is_valid_date(text); break;
      case 6: (void)fitkit::accounts::normalize_recovery_code(text); break;
      case 7: (void)fitkit::accounts::totp_verify("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", text, 1700000000000, std::nullopt); break;
      case 8: (void)fitkit::crypto::open_sealed(key, text, "ad"); break;
      case 9: {
        // A cursor of a list ordered by (text, integer), as the session list is.
        fitkit::api::CursorReader cursor("sessions", text);
        (void)cursor.text();
        (void)cursor.integer();
        cursor.finish();
        break;
      }
    }
  } catch (const fitkit::Error& e) {
    // A clear refusal is the expected answer to bad input; anything else escapes and fails.
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
