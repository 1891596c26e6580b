#include "api/idempotency_store.hpp"

#include <cstdio>
#include <optional>

#include "core/crypto.hpp"
#include "core/sealed.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kSecretName = "idempotency_key";
constexpr std::int64_t kPurgeEveryMs = 60 * 1000;

// The secret every process on the database shares, made by the first one.
std::string load_secret(storage::Database& db, std::int64_t now) {
  auto c = db.acquire();
  c->exec("INSERT INTO platform_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
          {kSecretName, crypto::random_token(32), now});
  auto value = c->query_text("SELECT value FROM platform_secrets WHERE name = ?", {kSecretName});
  auto raw = value ? crypto::base64url_decode(*value) : std::nullopt;
  if (!raw || raw->size() != 32) throw Error::internal("the stored secret idempotency_key is damaged");
  return *raw;
}

struct StoredRow {
  std::string request_hash;
  std::optional<std::int64_t> status;
  std::string content_type;
  std::string answer;
  std::int64_t expires_at = 0;
  std::int64_t locked_until = 0;
};

void report(const char* what) noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fitkit: cannot %s: %s\n", what, e.what());
  } catch (...) {
    std::fprintf(stderr, "fitkit: cannot %s\n", what);
  }
}

}  // namespace

IdempotencyStore::IdempotencyStore(Platform& platform) : platform_(platform) {
  std::string secret = load_secret(platform.database(), platform.clock().now_ms());
  // A configured sealing key (kept apart from the database) joins in when there is one.
  const std::string& sealing = platform.options().sealing_key;
  if (!sealing.empty()) secret = crypto::sha256(secret + sealing);
  mac_ = std::make_unique<crypto::HmacKey>(secret);
}

IdempotencyStore::~IdempotencyStore() = default;

IdempotencyStore::Claim IdempotencyStore::claim(std::string_view caller, std::string_view key,
                                                std::string_view method, std::string_view target,
                                                std::string_view body) {
  Claim out;
  std::string who(caller);
  who += '\n';
  who.append(key);
  // Rows are named by a MAC, answers sealed under a key only the Idempotency-Key opens:
  // the table alone gives away neither the keys nor the answers (which may hold tokens).
  out.row = crypto::hex(mac_->mac("row\n" + who));
  out.seal_key = mac_->mac("seal\n" + who);
  std::string request("request\n");
  ((((request += method) += '\n') += target) += '\n').append(body);
  const std::string request_hash = crypto::hex(mac_->mac(request));

  const std::int64_t now = platform_.clock().now_ms();
  purge_expired(now);
  out.outcome = storage::retry_on_conflict([&] {
    for (int attempt = 1;; ++attempt) {
      try {
        return claim_once(request_hash, now, out);
      } catch (const Error& e) {
        // Two first requests at once: the loser sees the winner's row on the next round.
        if (e.code() != ErrorCode::already_exists || attempt >= 3) throw;
      }
    }
  });
  return out;
}

IdempotencyStore::Outcome IdempotencyStore::claim_once(const std::string& request_hash, std::int64_t now,
                                                       Claim& out) {
  auto conn = platform_.database().acquire();
  storage::Transaction tx(*conn);
  std::optional<StoredRow> row;
  conn->query(
      "SELECT request_hash, status, content_type, answer, expires_at, locked_until FROM idempotency_keys "
      "WHERE key_hash = ?",
      {out.row}, [&](const storage::Row& r) {
        row = StoredRow{r.text(0), r.opt_i64(1), r.opt_text(2).value_or(""), r.opt_text(3).value_or(""),
                        r.i64(4), r.i64(5)};
      });
  bool usable = row && row->expires_at > now && (row->status || row->locked_until > now);
  std::optional<std::string> body;
  if (usable && row->status) {
    body = crypto::open_sealed(out.seal_key, row->answer, out.row);
    if (!body) usable = false;  // sealed under another secret: as good as gone
  }
  if (!usable) {
    if (row) conn->exec("DELETE FROM idempotency_keys WHERE key_hash = ?", {out.row});
    conn->exec(
        "INSERT INTO idempotency_keys (key_hash, request_hash, status, content_type, answer, created_at, "
        "expires_at, locked_until) VALUES (?, ?, NULL, NULL, NULL, ?, ?, ?)",
        {out.row, request_hash, now, now + kKeepMs, now + kLeaseMs});
    tx.commit();
    return Outcome::claimed;
  }
  tx.commit();
  if (!crypto::constant_time_equal(row->request_hash, request_hash)) return Outcome::reused;
  if (!row->status) return Outcome::in_use;
  out.answer.status = static_cast<int>(*row->status);
  out.answer.content_type = std::move(row->content_type);
  out.answer.body = std::move(*body);
  return Outcome::replay;
}

void IdempotencyStore::keep(const Claim& claim, const Answer& answer) noexcept {
  if (claim.outcome != Outcome::claimed) return;
  try {
    const std::string sealed = crypto::seal(claim.seal_key, answer.body, claim.row);
    storage::retry_on_conflict([&] {
      platform_.database().acquire()->exec(
          "UPDATE idempotency_keys SET status = ?, content_type = ?, answer = ? WHERE key_hash = ? AND status IS NULL",
          {answer.status, answer.content_type, sealed, claim.row});
    });
  } catch (...) {
    report("record the answer of an Idempotency-Key");
  }
}

void IdempotencyStore::release(const Claim& claim) noexcept {
  if (claim.outcome != Outcome::claimed) return;
  try {
    storage::retry_on_conflict([&] {
      platform_.database().acquire()->exec("DELETE FROM idempotency_keys WHERE key_hash = ? AND status IS NULL",
                                           {claim.row});
    });
  } catch (...) {
    report("release an Idempotency-Key");
  }
}

void IdempotencyStore::purge_expired(std::int64_t now) noexcept {
  std::int64_t last = last_purge_ms_.load(std::memory_order_relaxed);
  if (now - last < kPurgeEveryMs && now >= last) return;
  if (!last_purge_ms_.compare_exchange_strong(last, now)) return;  // another thread does it
  try {
    platform_.database().acquire()->exec("DELETE FROM idempotency_keys WHERE expires_at <= ?", {now});
  } catch (...) {
    report("purge expired idempotency keys");
  }
}

}  // namespace fitkit::api
