// Gear tests' common ground: a user or two, and workouts written straight into the tables the
// workouts service keeps, as that service would.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/gear.hpp"
#include "unit/api/paging_support.hpp"
#include "unit/fixture.hpp"
#include "unit/permit_world.hpp"

namespace fitkit::test {

// The platform's database seen through another Database object, for a Runtime of a test's own.
class BorrowedDatabase final : public storage::Database {
 public:
  explicit BorrowedDatabase(storage::Database& target) : target_(target) {}
  std::string_view dialect() const override { return target_.dialect(); }
  std::string describe() const override { return target_.describe(); }

 protected:
  std::shared_ptr<storage::Connection> lease() override { return target_.acquire(); }

 private:
  storage::Database& target_;
};

using namespace std::string_literals;

inline const std::string kGearPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;
inline const std::string kGearJpeg = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
inline const std::string kGearWebp = "RIFF\x24\0\0\0WEBPVP8L\x18\0\0\0/\0\0\0"s;
inline const std::string kGearGif = "GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0!"s;

struct GearWorld {
  TestPlatform t;
  std::string ann_id, bob_id;
  Actor ann, bob, admin;

  GearWorld() {
    ann_id = t.make_user("ann@example.com");
    bob_id = t.make_user("bob@example.com");
    ann = t.actor_of(t.login("ann@example.com"));
    bob = t.actor_of(t.login("bob@example.com"));
    admin = t.make_admin("root@example.com");
  }

  std::shared_ptr<storage::Connection> db() { return t.platform->database().acquire(); }

  // A Runtime over the platform's database and clock: what the workouts service hands to
  // gear_usage.hpp, which tests call directly.
  Runtime& runtime() {
    if (!runtime_) {
      runtime_ = std::make_unique<Runtime>();
      runtime_->options = t.platform->options();
      runtime_->clock = t.clock;
      runtime_->db = std::make_unique<BorrowedDatabase>(t.platform->database());
      runtime_->ids = std::make_unique<IdGenerator>(*t.clock);
    }
    return *runtime_;
  }

  // A new item of Ann's (or `who`'s); returns its gear_… id.
  std::string item(Json fields, const Actor* who = nullptr) {
    if (!fields.contains("category")) fields["category"] = "shoes";
    return t.call("gear.create", who ? *who : ann, fields)["id"];
  }

  Json get(const std::string& gear_id, const Actor* who = nullptr) {
    return t.call("gear.get", who ? *who : ann, {{"gear_id", gear_id}});
  }

  // A workout of `user` (ann by default) with the given gear, straight into the tables.
  std::int64_t workout(const std::vector<std::string>& gear, double distance_m, double moving_s,
                       std::int64_t start_at = 0, const Actor* who = nullptr, const std::string& sport = "run") {
    const auto user = (who ? *who : ann).user_id;
    const auto id = next_workout_++;
    if (start_at == 0) start_at = t.clock->now_ms() - kHourMs;
    auto c = db();
    c->exec(
        "INSERT INTO workouts (id, user_id, sport, title, start_at, time_zone, distance_m, moving_s, visibility,"
        " source, created_at, updated_at) VALUES (?, ?, ?, 'Workout', ?, 'UTC', ?, ?, 'only_me', 'manual', 0, 0)",
        {id, user, sport, start_at, distance_m, moving_s});
    for (const auto& g : gear)
      c->exec("INSERT INTO workout_gear (workout_id, gear_id) VALUES (?, ?)", {id, parse_id(IdKind::gear, g)});
    return id;
  }

  std::int64_t count(const std::string& sql, std::vector<storage::Param> params = {}) {
    std::int64_t n = -1;
    db()->query(sql, params, [&](const storage::Row& r) { n = r.i64(0); });
    return n;
  }

  // Ann's in-app notifications of a type: their count field (0 when none).
  std::int64_t notices(const std::string& type, const Actor* who = nullptr) {
    return count("SELECT COALESCE(MAX(repeat_count), 0) FROM notifications WHERE user_id = ? AND type = ?",
                 {(who ? *who : ann).user_id, type});
  }

  std::string notice_body(const std::string& type) {
    return db()
        ->query_text("SELECT body FROM notifications WHERE user_id = ? AND type = ? ORDER BY updated_at DESC",
                     {ann.user_id, type})
        .value_or("");
  }

 private:
  std::int64_t next_workout_ = 900000001;
  std::unique_ptr<Runtime> runtime_;
};

inline std::vector<std::string> ids_of(const Json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"]) out.push_back(item["id"]);
  return out;
}

}  // namespace fitkit::test
