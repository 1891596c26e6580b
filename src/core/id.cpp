#include "fitkit/id.hpp"

#include <array>

#include "core/crypto.hpp"
#include "fitkit/clock.hpp"
#include "fitkit/error.hpp"

namespace fitkit {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
constexpr int kDigits = 13;                     // 13 * 5 = 65 bits >= 63
constexpr std::int64_t kEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int kSequenceBits = 20;

int digit_value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string_view id_prefix(IdKind kind) noexcept {
  switch (kind) {
    case IdKind::user: return "usr";
    case IdKind::session: return "ses";
    case IdKind::notification: return "ntf";
    case IdKind::outbox: return "obx";
    case IdKind::audit: return "aud";
    case IdKind::workout: return "wkt";
    case IdKind::privacy_zone: return "pzn";
    case IdKind::gear: return "gear";
    case IdKind::gear_review: return "grv";
    case IdKind::gear_usage: return "gus";
    case IdKind::exercise: return "exe";
    case IdKind::workout_template: return "tpl";
    case IdKind::planned_workout: return "pln";
    case IdKind::organisation: return "org";
    case IdKind::event: return "evt";
    case IdKind::contest: return "cst";
    case IdKind::registration: return "reg";
    case IdKind::registration_document: return "rdoc";
    case IdKind::announcement: return "ann";
    case IdKind::event_question: return "evq";
    case IdKind::event_result: return "res";
    case IdKind::result_photo: return "rph";
  }
  return "id";
}

std::string format_id(IdKind kind, std::int64_t value) {
  std::string out(id_prefix(kind));
  out.push_back('_');
  auto v = static_cast<std::uint64_t>(value);
  std::array<char, kDigits> digits{};
  for (int i = kDigits - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = kAlphabet[v & 31u];
    v >>= 5;
  }
  out.append(digits.data(), digits.size());
  return out;
}

std::int64_t parse_id(IdKind kind, std::string_view text, std::string_view field) {
  const auto prefix = id_prefix(kind);
  auto fail = [&]() -> Error {
    return Error::invalid(std::string(field), "not a valid " + std::string(prefix) + "_ id");
  };
  if (text.size() != prefix.size() + 1 + kDigits || text.substr(0, prefix.size()) != prefix ||
      text[prefix.size()] != '_')
    throw fail();
  std::uint64_t v = 0;
  for (char c : text.substr(prefix.size() + 1)) {
    int d = digit_value(c);
    if (d < 0) throw fail();
    v = (v << 5) | static_cast<std::uint64_t>(d);
  }
  // The first digit carries the top bits; a value must fit in 63 bits.
  if (digit_value(text[prefix.size() + 1]) > 7 || v == 0) throw fail();
  return static_cast<std::int64_t>(v);
}

IdGenerator::IdGenerator(const Clock& clock) : clock_(clock), last_(0) {
  auto seed = crypto::random_u64() & ((1u << kSequenceBits) - 1);
  last_.store(static_cast<std::int64_t>(seed));
}

std::int64_t IdGenerator::next() {
  const std::int64_t stamp = (clock_.now_ms() - kEpochMs) << kSequenceBits;
  std::int64_t prev = last_.load();
  for (;;) {
    // Take the clock's slot unless it is behind the last id; then count on.
    std::int64_t candidate = stamp > prev ? stamp | (prev & ((1 << kSequenceBits) - 1)) : prev + 1;
    if (candidate <= prev) candidate = prev + 1;
    if (last_.compare_exchange_weak(prev, candidate)) return candidate;
  }
}

}  // namespace fitkit
