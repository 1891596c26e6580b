#include "notify/outbox.hpp"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"

namespace fitkit::notify {
namespace {

constexpr std::int64_t kClaimMs = 2 * kMinuteMs;  // a dispatcher that dies frees its rows after this
constexpr int kMaxAttempts = 8;

// 30 s, 1 min, 2 min, … up to an hour between attempts.
std::int64_t backoff_ms(int attempts) {
  return std::min<std::int64_t>(30 * kSecondMs << std::min(attempts - 1, 10), kHourMs);
}

void enqueue(Runtime& rt, storage::Connection& c, std::string_view channel, std::string_view to,
             const nlohmann::json& payload, std::int64_t due_at) {
  const auto id = rt.next_id();
  const auto now = rt.now();
  c.exec("INSERT INTO outbox (id, channel, recipient, payload, idempotency_key, due_at, created_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?)",
         {id, channel, to, payload.dump(), format_id(IdKind::outbox, id), std::max(due_at, now), now});
}

struct Claimed {
  std::int64_t id;
  std::string channel, recipient, payload, key;
  int attempts;
};

class DbOutbox final : public Outbox {
 public:
  explicit DbOutbox(Runtime& rt) : rt_(rt) {}

  DeliveryReport deliver_due(int max_messages) override {
    DeliveryReport report;
    for (const auto& m : claim(max_messages)) {
      try {
        deliver(m);
        finish(m, "delivered", {});
        ++report.delivered;
      } catch (const Error& e) {
        // Bad input will not get better with time; everything else is retried.
        const bool permanent = e.code() == ErrorCode::invalid_argument || m.attempts + 1 >= kMaxAttempts;
        finish(m, permanent ? "failed" : "pending", e.what());
        ++(permanent ? report.failed : report.retried);
      } catch (const std::exception& e) {
        finish(m, m.attempts + 1 >= kMaxAttempts ? "failed" : "pending", e.what());
        ++report.retried;
      }
    }
    return report;
  }

  std::int64_t pending_count() override {
    return rt_.db->acquire()->query_i64("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").value_or(0);
  }

 private:
  // Claims due messages in one statement, so that two dispatchers never take the same row:
  // PostgreSQL skips the rows another claim has locked (FOR UPDATE SKIP LOCKED, in a
  // read-committed statement of its own); SQLite runs the statement under its single writer lock.
  std::vector<Claimed> claim(int max_messages) {
    auto c = rt_.db->acquire();
    const auto now = rt_.now();
    const std::string_view skip_locked = c->dialect() == "postgresql" ? " FOR UPDATE SKIP LOCKED" : "";
    const std::string sql =
        "UPDATE outbox SET claimed_until = ? WHERE id IN (SELECT id FROM outbox"
        " WHERE status = 'pending' AND due_at <= ? AND claimed_until <= ? ORDER BY due_at, id LIMIT ?" +
        std::string(skip_locked) + ") RETURNING id, channel, recipient, payload, idempotency_key, attempts";
    std::vector<Claimed> mine;
    c->query(sql, {now + kClaimMs, now, now, max_messages}, [&](const storage::Row& r) {
      mine.push_back({r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), static_cast<int>(r.i64(5))});
    });
    // RETURNING gives no order: deliver the oldest first.
    std::sort(mine.begin(), mine.end(), [](const Claimed& a, const Claimed& b) { return a.id < b.id; });
    return mine;
  }

  void deliver(const Claimed& m) {
    auto payload = nlohmann::json::parse(m.payload);
    if (m.channel == "email") {
      rt_.mail->send({rt_.options.mail_from, m.recipient, payload.value("subject", ""), payload.value("text", ""),
                      m.key});
    } else if (m.channel == "sms") {
      rt_.sms->send({m.recipient, payload.value("text", ""), m.key});
    } else {
      throw Error::invalid("channel", "unknown outbox channel " + m.channel);
    }
  }

  void finish(const Claimed& m, std::string_view status, std::string_view error) {
    auto c = rt_.db->acquire();
    const auto now = rt_.now();
    if (status == "delivered")
      // A delivered message may hold a link or a code: the row keeps the outcome, not the content.
      c->exec("UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1,"
              " claimed_until = 0, payload = '{}' WHERE id = ?",
              {now, m.id});
    else
      c->exec("UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, due_at = ?,"
              " claimed_until = 0 WHERE id = ?",
              {status, error.substr(0, 500), now + backoff_ms(m.attempts + 1), m.id});
  }

  Runtime& rt_;
};

}  // namespace

void enqueue_mail(Runtime& rt, storage::Connection& c, std::string_view to, const Rendered& message,
                  std::int64_t due_at) {
  enqueue(rt, c, "email", to, {{"subject", message.subject}, {"text", message.text}}, due_at);
}

void enqueue_sms(Runtime& rt, storage::Connection& c, std::string_view to, std::string_view text,
                 std::int64_t due_at) {
  enqueue(rt, c, "sms", to, {{"text", text}}, due_at);
}

void enqueue_template_mail(Runtime& rt, storage::Connection& c, std::string_view to, std::string_view template_name,
                           std::string_view language, const Vars& vars) {
  enqueue_mail(rt, c, to, render(template_name, language, vars));
}

std::unique_ptr<Outbox> make_outbox(Runtime& rt) { return std::make_unique<DbOutbox>(rt); }

}  // namespace fitkit::notify
