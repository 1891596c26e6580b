// The first answers to idempotent retries (draft-ietf-httpapi-idempotency-key-header): the
// answer to a (caller, key) is kept in the database for 24 hours, so that a client that
// retries after a lost answer gets the same answer instead of running the operation twice,
// whichever process on the database it reaches. The HTTP front-end decides what a key is
// and which answers are worth keeping; this store only remembers them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace fitkit {
class Platform;
namespace crypto {
class HmacKey;
}
}  // namespace fitkit

namespace fitkit::api {

class IdempotencyStore {
 public:
  static constexpr std::int64_t kKeepMs = 24 * 3600 * 1000LL;
  // A first request still running after this is taken as abandoned (its process died).
  static constexpr std::int64_t kLeaseMs = 5 * 60 * 1000LL;

  // Loads (or makes, once per database) the secret that names rows and hashes requests.
  explicit IdempotencyStore(Platform& platform);
  ~IdempotencyStore();
  IdempotencyStore(const IdempotencyStore&) = delete;
  IdempotencyStore& operator=(const IdempotencyStore&) = delete;

  struct Answer {
    int status = 0;
    std::string content_type;
    std::string body;
  };

  enum class Outcome {
    claimed,  // a first request: run it, then keep() or release()
    replay,   // `answer` is the first answer
    in_use,   // the first request with this key is still running
    reused,   // the key was used for another request (other method, target or body)
  };

  struct Claim {
    Outcome outcome = Outcome::claimed;
    Answer answer;         // for replay
    std::string row;       // for keep() and release()
    std::string seal_key;  // for keep()
  };

  // Claims `key` of `caller` for the request (`method`, `target`, `body`), or finds its
  // first answer. Throws Error only when the database fails.
  Claim claim(std::string_view caller, std::string_view key, std::string_view method, std::string_view target,
              std::string_view body);

  // Keeps the answer of a claimed request. Failures are reported on stderr: the answer
  // still goes out, and a retry runs the request again.
  void keep(const Claim& claim, const Answer& answer) noexcept;
  // Forgets a claimed request whose answer a retry may change (a 5xx, a rate limit).
  void release(const Claim& claim) noexcept;

 private:
  Outcome claim_once(const std::string& request_hash, std::int64_t now, Claim& out);
  void purge_expired(std::int64_t now) noexcept;

  Platform& platform_;
  std::unique_ptr<crypto::HmacKey> mac_;
  std::atomic<std::int64_t> last_purge_ms_{0};
};

}  // namespace fitkit::api
