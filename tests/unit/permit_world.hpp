// Permit/deny tables over the registry: the cast of callers, and proof that a
// refused call changed nothing.
#pragma once

#include <functional>
#include <map>
#include <set>

#include "unit/fixture.hpp"

namespace fitkit::test {

// What the platform keeps, part by part: "table users" -> its rows, "file blobs/…" -> a digest
// of the file. Read through SQLite's catalogue: TestPlatform's database is SQLite.
using StateSnapshot = std::map<std::string, std::string>;

inline std::string snapshot_rows(storage::Connection& c, const std::string& sql,
                                 const std::vector<storage::Param>& params) {
  std::string rows;
  c.query(sql, params, [&](const storage::Row& r) {
    for (int i = 0; i < r.size(); ++i) rows += (r.is_null(i) ? std::string("NULL") : r.text(i)) + "\x1f";
    rows += '\n';
  });
  return rows;
}

inline std::vector<std::string> snapshot_tables(storage::Connection& c) {
  std::vector<std::string> tables;
  const char* sql = c.dialect() == "postgresql"
                        ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                          " AND table_type = 'BASE TABLE' ORDER BY table_name"
                        : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
  c.query(sql, std::vector<storage::Param>{}, [&](const storage::Row& r) { tables.push_back(r.text(0)); });
  return tables;
}

// Stored files whose path contains `needle` (all of them when empty), as digests.
inline void snapshot_files(TestPlatform& t, StateSnapshot& out, const std::string& needle = {}) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(t.dir)) {
    if (!entry.is_regular_file()) continue;
    const auto name = std::filesystem::relative(entry.path(), t.dir).generic_string();
    if (name.find(needle) == std::string::npos) continue;
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    out["file " + name] = crypto::sha256_hex(ss.str());
  }
}

// The whole state: every table but `ignored_tables`, every stored file (blobs, mail, SMS).
inline StateSnapshot state_snapshot(TestPlatform& t, const std::set<std::string>& ignored_tables = {}) {
  StateSnapshot out;
  {
    auto c = t.platform->database().acquire();
    for (const auto& table : snapshot_tables(*c))
      if (!ignored_tables.count(table))
        out["table " + table] = snapshot_rows(*c, "SELECT * FROM \"" + table + "\" ORDER BY 1", {});
  }
  snapshot_files(t, out);
  return out;
}

// What is held about one user: their rows in every table keyed by user_id, coach_id or one of
// their sessions, and their stored files. Logs (audit, outbox, throttle) are not theirs.
inline StateSnapshot user_snapshot(TestPlatform& t, std::int64_t user_id) {
  StateSnapshot out;
  {
    auto c = t.platform->database().acquire();
    for (const auto& table : snapshot_tables(*c)) {
      std::set<std::string> columns;
      c->query(c->dialect() == "postgresql"
                   ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                     " AND table_name = ?"
                   : "SELECT name FROM pragma_table_info(?)",
               {table}, [&](const storage::Row& r) { columns.insert(r.text(0)); });
      std::string where;
      std::vector<storage::Param> params;
      auto add = [&](const std::string& condition) {
        where += (where.empty() ? "" : " OR ") + condition;
        params.emplace_back(user_id);
      };
      if (table == "users") add("id = ?");
      if (columns.count("user_id")) add("user_id = ?");
      if (columns.count("coach_id")) add("coach_id = ?");
      if (columns.count("session_id")) add("session_id IN (SELECT id FROM sessions WHERE user_id = ?)");
      if (!where.empty())
        out["table " + table] = snapshot_rows(*c, "SELECT * FROM \"" + table + "\" WHERE " + where + " ORDER BY 1", params);
    }
  }
  snapshot_files(t, out, format_id(IdKind::user, user_id));
  return out;
}

// The parts that differ between two snapshots, or that only one of them has.
inline std::vector<std::string> changed_parts(const StateSnapshot& before, const StateSnapshot& after) {
  std::vector<std::string> out;
  for (const auto& [part, content] : before) {
    auto it = after.find(part);
    if (it == after.end()) out.push_back(part + " (gone)");
    else if (it->second != content) out.push_back(part);
  }
  for (const auto& [part, content] : after)
    if (!before.count(part)) out.push_back(part + " (new)");
  return out;
}

// The parts of the whole state that `f` changed; empty when it changed nothing.
template <class F>
std::vector<std::string> changes_made_by(TestPlatform& t, F&& f,
                                         const std::set<std::string>& ignored_tables = {}) {
  const auto before = state_snapshot(t, ignored_tables);
  f();
  return changed_parts(before, state_snapshot(t, ignored_tables));
}

inline std::string join_parts(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// "code: message" of the call's error, or "no error": to show that two refusals say the same.
inline std::string error_message(TestPlatform& t, const std::string& op, const Actor& actor, const Json& params) {
  try {
    t.call(op, actor, params);
  } catch (const Error& e) {
    return std::string(to_string(e.code())) + ": " + e.what();
  }
  return "no error";
}

inline std::string describe_actor(const Actor& actor) {
  if (actor.is_anonymous()) return "anonymous";
  if (actor.is_system()) return "system";
  std::string roles;
  for (Role r : actor.roles.list()) roles += (roles.empty() ? "" : ",") + std::string(to_string(r));
  return format_id(IdKind::user, actor.user_id) + " [" + roles + "]";
}

// "allowed", or the code of the error: what a table row expects, readable in a failure.
inline std::string outcome_name(const std::optional<ErrorCode>& code) {
  return code ? std::string(to_string(*code)) : std::string("allowed");
}

// check_permits, and: a refused row leaves the whole state (every table but `ignored_tables`,
// every stored file) as it was; with `owner` set, an allowed row called by anyone else leaves
// what is held about the owner as it was.
inline void check_permits_unchanged(TestPlatform& t, const std::vector<PermitRow>& table,
                                    const std::set<std::string>& ignored_tables = {},
                                    const std::function<std::string(const Actor&)>& name_of = describe_actor,
                                    std::int64_t owner = 0) {
  for (const auto& row : table) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    const std::string caller = name_of(*row.actor);
    CAPTURE(caller);
    const bool watch_owner = owner != 0 && !row.actor->is_user(owner);
    const auto before = state_snapshot(t, ignored_tables);
    const auto owner_before = watch_owner ? user_snapshot(t, owner) : StateSnapshot{};
    const auto outcome = error_of([&] { t.call(row.op, *row.actor, row.params); });
    CHECK(outcome_name(outcome) == outcome_name(row.expected));
    if (row.expected) {
      const auto changed = changed_parts(before, state_snapshot(t, ignored_tables));
      CHECK_MESSAGE(changed.empty(), "the refused call changed " << join_parts(changed));
    } else if (watch_owner) {
      const auto changed = changed_parts(owner_before, user_snapshot(t, owner));
      CHECK_MESSAGE(changed.empty(), "a call by someone else changed the owner's " << join_parts(changed));
    }
  }
}

// The four callers every operation's table must have a row for.
struct PermitCallers {
  const Actor* owner;
  const Actor* other;
  const Actor* anonymous;
  const Actor* admin;
};

// Fails, naming the operation and the caller, for every operation of `table` without a row for
// one of the four callers.
inline void check_callers_covered(const std::vector<PermitRow>& table, const PermitCallers& callers) {
  std::map<std::string, std::set<const Actor*>> seen;
  for (const auto& row : table) seen[row.op].insert(row.actor);
  const std::vector<std::pair<const Actor*, const char*>> required{
      {callers.owner, "the owner"}, {callers.other, "another user"}, {callers.anonymous, "anonymous"},
      {callers.admin, "an admin"}};
  for (const auto& [op, actors] : seen)
    for (const auto& [actor, name] : required)
      CHECK_MESSAGE(actors.count(actor), op << " has no row for " << std::string(name));
}

inline constexpr const char* kOwnerPassword = "plum orchard under winter light";

// The cast of a permit table. Ann owns the data under test (her own password, a private
// profile with medical notes that `coach` may read); Bob is another signed-in user;
// `other_coach` a coach Ann did not authorise; then a moderator, an admin, an anonymous caller
// and the system. Rows point at the members, so the world stays where it was built.
struct PermitWorld {
  explicit PermitWorld(TestPlatform& platform) : t(platform) {
    t.call("auth.register", Actor::anonymous(), {{"email", "ann@example.com"}, {"password", kOwnerPassword}});
    const Json link{{"token", t.mailed_token("ann@example.com")}};
    ann_id = t.call("auth.verify_email", Actor::anonymous(), link)["id"];
    bob_id = t.make_user("bob@example.com");
    coach_id = t.make_user("coach@example.com");
    other_coach_id = t.make_user("other.coach@example.com");
    moderator_id = t.make_user("moderator@example.com");
    admin = t.make_admin("root@example.com");
    admin_id = format_id(IdKind::user, admin.user_id);
    const std::vector<std::pair<std::string, std::string>> roles{
        {coach_id, "coach"}, {other_coach_id, "coach"}, {moderator_id, "moderator"}};
    for (const auto& [id, role] : roles)
      t.call("users.roles.grant", Actor::system(), {{"user_id", id}, {"role", role}});
    ann_tokens = t.login("ann@example.com", kOwnerPassword);
    ann = t.actor_of(ann_tokens);
    bob = t.actor_of(t.login("bob@example.com"));
    coach = t.actor_of(t.login("coach@example.com"));
    other_coach = t.actor_of(t.login("other.coach@example.com"));
    moderator = t.actor_of(t.login("moderator@example.com"));
    const Json profile{{"city", "Kazan"}, {"weight_kg", 60}, {"medical_notes", "left knee: no jumps"},
                       {"privacy", "private"}};
    t.call("profile.update", ann, profile);
    t.call("profile.medical_access.grant", ann, {{"coach_id", coach_id}});
    for (const char* to : {"ann@example.com", "bob@example.com", "coach@example.com",
                           "other.coach@example.com", "moderator@example.com", "root@example.com"})
      t.take_mail(to);
  }
  PermitWorld(const PermitWorld&) = delete;
  PermitWorld& operator=(const PermitWorld&) = delete;

  PermitCallers callers() const { return {&ann, &bob, &anonymous, &admin}; }

  std::string name_of(const Actor& a) const {
    const std::vector<std::pair<const Actor*, const char*>> names{
        {&ann, "the owner (ann)"},
        {&bob, "another user (bob)"},
        {&coach, "a coach ann authorised"},
        {&other_coach, "a coach ann did not authorise"},
        {&moderator, "a moderator"},
        {&admin, "an admin"},
        {&anonymous, "anonymous"},
        {&system, "the system"}};
    for (const auto& [actor, name] : names)
      if (&a == actor) return name;
    return describe_actor(a);
  }

  // How the rows of a table may touch what is held about Ann.
  enum class OwnerData {
    untouched_by_others,  // only Ann's own calls change it (her self-service operations)
    may_change,           // others act on it by design (admins blocking or deleting her, token holders)
  };

  // Runs the table: each row's outcome, each refused row leaving the state as it was (but for
  // `ignored_tables`), and every operation with a row for the owner, another user, anonymous
  // and an admin — or for `table_callers`, when the table needs sessions of its own.
  void check(const std::vector<PermitRow>& table, OwnerData owner_data = OwnerData::untouched_by_others,
             const std::set<std::string>& ignored_tables = {},
             std::optional<PermitCallers> table_callers = {}) const {
    check_callers_covered(table, table_callers.value_or(callers()));
    check_permits_unchanged(t, table, ignored_tables, [this](const Actor& a) { return name_of(a); },
                            owner_data == OwnerData::untouched_by_others ? ann.user_id : 0);
  }

  TestPlatform& t;
  std::string ann_id, bob_id, coach_id, other_coach_id, moderator_id, admin_id;
  Json ann_tokens;
  Actor ann, bob, coach, other_coach, moderator, admin;
  Actor anonymous = Actor::anonymous();
  Actor system = Actor::system();
};

}  // namespace fitkit::test
