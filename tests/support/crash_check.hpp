// The parent side of the crash rounds (tests/support/crash_rounds.hpp): after the child is killed,
// is every acknowledged unit there, is any change half-applied, is the database sound?
#pragma once

#include <charconv>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "support/crash_work.hpp"

namespace fitkit::test::crash {

// What the child said on its pipe during one round.
struct Begun {
  std::string kind;         // transfer spread binsert bump bdel reg ver edit del
  std::int64_t target = 0;  // the batch of bump/bdel, the user of ver/edit/del
  std::string email;        // of reg/ver/edit/del
};
struct RoundLog {
  std::map<std::int64_t, Begun> begun;
  std::set<std::int64_t> acked;
  std::map<std::int64_t, std::string> failed;  // txid -> error code
  std::vector<std::string> notes;              // what the child reported going wrong
};

// The txid of the edit a profile's about text names ("edit TXID"), if it names one.
inline std::optional<std::int64_t> edit_of(const std::optional<std::string>& about) {
  if (!about || !about->starts_with("edit ")) return std::nullopt;
  std::int64_t txid = 0;
  const char* end = about->data() + about->size();
  const auto [ptr, ec] = std::from_chars(about->data() + 5, end, txid);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return txid;
}

inline RoundLog parse_round_log(const std::string& text) {
  RoundLog log;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string tag;
    std::int64_t txid = 0;
    words >> tag;
    if (tag == "x") {
      log.notes.push_back(line.substr(2));
      continue;
    }
    if (!(words >> txid)) {
      log.notes.push_back("unreadable line from the child: " + line);
      continue;
    }
    if (tag == "a") {
      log.acked.insert(txid);
    } else if (tag == "f") {
      words >> log.failed[txid];
    } else if (tag == "b") {
      Begun b;
      words >> b.kind;
      if (b.kind == "reg") {
        words >> b.email;
      } else {
        words >> b.target >> b.email;
      }
      log.begun[txid] = b;
    } else {
      log.notes.push_back("unreadable line from the child: " + line);
    }
  }
  return log;
}

// The verdict on one round.
struct Findings {
  std::int64_t acknowledged = 0, acknowledged_found = 0;
  std::int64_t in_doubt = 0, in_doubt_committed = 0;  // begun, then killed before an answer
  std::int64_t lost = 0, half_applied = 0;
  bool integrity_ok = true;
  std::vector<std::string> problems;
};

class Checker {
 public:
  Checker(std::string url, bool amcheck) : url_(std::move(url)), amcheck_(amcheck) {}

  Findings check(const RoundLog& log, int round) {
    round_ = round;
    f_ = {};
    auto db = storage::open_database(url_);
    if (db->dialect() == "postgresql") wait_for_sessions_to_end(*db);
    auto c = db->acquire();
    try {
      if (db->dialect() == "postgresql") check_postgres_integrity(*c);
      else check_sqlite_integrity(*c);
    } catch (const Error& e) {
      integrity(std::string("the integrity check failed: ") + e.what());
      if (c->in_transaction()) c->rollback();
    }
    for (const auto& [txid, b] : log.begun)
      if (b.kind == "del") deleted_emails_[b.target] = b.email;  // a deleted account forgets its address
    storage::Transaction tx(*c, false);  // one state for all that follows
    load(*c);
    check_bank();
    check_batches();
    check_users();
    check_units(log);
    check_watermarks();
    return f_;
  }

  // Folds the ledger lines of earlier rounds into the opening balances, so that the tables (and
  // each round's checks) stay small over thousands of rounds. Run after a clean check.
  void prune(int round) {
    if (ledger_.size() < 1000) return;
    auto db = storage::open_database(url_);
    auto c = db->acquire();
    const auto cutoff = first_txid_of_round(round);
    pruned_ += storage::retry_on_conflict([&] {
      storage::Transaction tx(*c);
      const std::int64_t folded =
          c->query_i64("SELECT count(*) FROM crash_ledger WHERE txid < ?", {cutoff}).value_or(0);
      c->exec("UPDATE crash_accounts SET opening = opening + CAST(coalesce((SELECT sum(l.delta) FROM"
              " crash_ledger_lines l WHERE l.account_id = crash_accounts.id AND l.txid < ?), 0) AS BIGINT)",
              {cutoff});
      c->exec("DELETE FROM crash_ledger_lines WHERE txid < ?", {cutoff});
      c->exec("DELETE FROM crash_ledger WHERE txid < ?", {cutoff});
      tx.commit();
      return folded;
    });
  }

 private:
  struct User {
    std::string email, status;
    bool verified = false, deleted_at = false;
  };
  struct Profile {
    std::optional<std::string> first_name, city, about, nickname;
  };
  struct Mail {
    std::int64_t count = 0, links = 0;
  };
  struct Account {
    std::int64_t opening = 0, balance = 0;
  };
  struct Lines {
    std::int64_t count = 0, sum = 0;
  };
  struct Batch {
    std::int64_t size = 0, version = 0;
  };
  struct BatchRows {
    std::int64_t count = 0, min_version = 0, max_version = 0;
  };
  struct Tokens {
    std::int64_t all = 0, unused_verify = 0, used_verify = 0;
  };
  struct Watermarks {
    std::int64_t ledger = 0, tombstones = 0, users = 0, deleted = 0, verified = 0, registered = 0;
  };

  void problem(std::int64_t& counter, const std::string& what) {
    ++counter;
    if (f_.problems.size() < 20) f_.problems.push_back("round " + std::to_string(round_) + ": " + what);
  }
  void lost(const std::string& what) { problem(f_.lost, "lost: " + what); }
  void half(const std::string& what) { problem(f_.half_applied, "half-applied: " + what); }
  void integrity(const std::string& what) {
    f_.integrity_ok = false;
    if (f_.problems.size() < 20) f_.problems.push_back("round " + std::to_string(round_) + ": " + what);
  }

  // The server ends a killed client's sessions when it notices the closed socket (rolling back
  // what they had open); until then a commit sent just before the kill may still be landing.
  void wait_for_sessions_to_end(storage::Database& db) {
    auto c = db.acquire();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const auto others = c->query_i64(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
          " AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
      if (others.value_or(0) == 0) return;
      if (std::chrono::steady_clock::now() > deadline) {
        integrity("the killed client's sessions are still open on the server after 20 s");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void check_sqlite_integrity(storage::Connection& c) {
    if (c.query_text("PRAGMA journal_mode") != "wal") integrity("the SQLite database is not in WAL mode");
    std::vector<std::string> rows;
    c.query("PRAGMA integrity_check", {}, [&](const storage::Row& r) { rows.push_back(r.text(0)); });
    if (rows != std::vector<std::string>{"ok"})
      integrity("PRAGMA integrity_check: " + (rows.empty() ? std::string("no answer") : rows.front()));
    c.query("PRAGMA foreign_key_check", {}, [&](const storage::Row& r) {
      integrity("PRAGMA foreign_key_check: a row of " + r.text(0) + " refers to a missing " + r.text(2));
    });
  }

  // Every foreign key re-checked by an anti-join built from the catalog, then, with amcheck,
  // every B-tree index against its table and every table's heap.
  void check_postgres_integrity(storage::Connection& c) {
    struct Fk {
      std::string table, parent, where, join;
    };
    std::map<std::string, Fk> fks;
    c.query("SELECT con.conname, con.conrelid::regclass::text, con.confrelid::regclass::text,"
            " quote_ident(ca.attname), quote_ident(pa.attname)"
            " FROM pg_constraint con"
            " CROSS JOIN LATERAL unnest(con.conkey, con.confkey)"
            "   WITH ORDINALITY AS k(child_col, parent_col, n)"
            " JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.child_col"
            " JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_col"
            " WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace"
            " ORDER BY con.conname, k.n",
            {}, [&](const storage::Row& r) {
              Fk& fk = fks[r.text(0)];
              fk.table = r.text(1);
              fk.parent = r.text(2);
              fk.where += (fk.where.empty() ? "" : " AND ") + ("c." + r.text(3) + " IS NOT NULL");
              fk.join += (fk.join.empty() ? "" : " AND ") + ("p." + r.text(4) + " = c." + r.text(3));
            });
    if (fks.empty()) integrity("no foreign keys found in the catalog");
    for (const auto& [name, fk] : fks) {
      const auto orphans = c.query_i64("SELECT count(*) FROM " + fk.table + " c WHERE " + fk.where +
                                       " AND NOT EXISTS (SELECT 1 FROM " + fk.parent + " p WHERE " + fk.join +
                                       ")");
      if (orphans.value_or(0) != 0)
        integrity("foreign key " + name + ": " + std::to_string(*orphans) + " rows of " + fk.table +
                  " refer to missing rows of " + fk.parent);
    }
    if (!amcheck_) return;
    std::vector<std::string> indexes, tables;
    c.query("SELECT i.oid::regclass::text FROM pg_class i JOIN pg_am am ON am.oid = i.relam"
            " WHERE i.relkind = 'i' AND am.amname = 'btree' AND i.relnamespace = 'public'::regnamespace",
            {}, [&](const storage::Row& r) { indexes.push_back(r.text(0)); });
    c.query("SELECT oid::regclass::text FROM pg_class"
            " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
            {}, [&](const storage::Row& r) { tables.push_back(r.text(0)); });
    for (const auto& index : indexes)  // throws on a damaged index; heapallindexed: every row is in it
      c.exec("SELECT bt_index_check(CAST(? AS regclass), true)", {index});
    for (const auto& table : tables) {
      const auto damaged = c.query_i64("SELECT count(*) FROM verify_heapam(CAST(? AS regclass))", {table});
      if (damaged.value_or(0) != 0) integrity("verify_heapam found damage in " + table);
    }
  }

  void load(storage::Connection& c) {
    accounts_.clear();
    c.query("SELECT id, opening, balance FROM crash_accounts", {}, [&](const storage::Row& r) {
      accounts_[r.i64(0)] = {r.i64(1), r.i64(2)};
    });
    ledger_.clear();
    c.query("SELECT txid, lines FROM crash_ledger", {},
            [&](const storage::Row& r) { ledger_[r.i64(0)] = r.i64(1); });
    lines_.clear();
    account_deltas_.clear();
    c.query("SELECT txid, account_id, delta FROM crash_ledger_lines", {}, [&](const storage::Row& r) {
      auto& a = lines_[r.i64(0)];
      ++a.count;
      a.sum += r.i64(2);
      account_deltas_[r.i64(1)] += r.i64(2);
    });
    batches_.clear();
    c.query("SELECT txid, size, version FROM crash_batches", {},
            [&](const storage::Row& r) { batches_[r.i64(0)] = {r.i64(1), r.i64(2)}; });
    batch_rows_.clear();
    c.query("SELECT batch, count(*), min(version), max(version) FROM crash_batch_rows GROUP BY batch", {},
            [&](const storage::Row& r) { batch_rows_[r.i64(0)] = {r.i64(1), r.i64(2), r.i64(3)}; });
    tombstones_.clear();
    tombstone_of_batch_.clear();
    c.query("SELECT txid, batch FROM crash_tombstones", {}, [&](const storage::Row& r) {
      tombstones_[r.i64(0)] = r.i64(1);
      tombstone_of_batch_[r.i64(1)] = r.i64(0);
    });
    users_.clear();
    user_by_email_.clear();
    c.query("SELECT id, email, status, email_verified_at, deleted_at FROM users", {},
            [&](const storage::Row& r) {
      User u{r.opt_text(1).value_or(""), r.text(2), !r.is_null(3), !r.is_null(4)};
      if (!u.email.empty()) user_by_email_[u.email] = r.i64(0);
      users_[r.i64(0)] = std::move(u);
    });
    profiles_.clear();
    c.query("SELECT user_id, first_name, city, about, nickname FROM profiles", {},
            [&](const storage::Row& r) {
      profiles_[r.i64(0)] = {r.opt_text(1), r.opt_text(2), r.opt_text(3), r.opt_text(4)};
    });
    mail_.clear();
    c.query("SELECT recipient, count(*), sum(CASE WHEN payload LIKE '%token=%' THEN 1 ELSE 0 END)"
            " FROM outbox GROUP BY recipient",
            {}, [&](const storage::Row& r) { mail_[r.text(0)] = {r.i64(1), r.i64(2)}; });
    tokens_.clear();
    c.query("SELECT user_id, purpose, used_at FROM one_time_tokens", {}, [&](const storage::Row& r) {
      auto& t = tokens_[r.i64(0)];
      ++t.all;
      if (r.text(1) == "verify_email") ++(r.is_null(2) ? t.unused_verify : t.used_verify);
    });
    audit_.clear();
    c.query("SELECT subject_id, event FROM audit_log WHERE event IN"
            " ('user.registered', 'user.email_verified', 'user.deleted')",
            {}, [&](const storage::Row& r) { audit_.insert({r.opt_i64(0).value_or(0), r.text(1)}); });
  }

  bool audited(std::int64_t user, const char* event) const { return audit_.count({user, event}) > 0; }

  // Balances sum to a constant, and each is its opening plus its ledger lines; each ledger entry
  // has all its lines, and they sum to zero.
  void check_bank() {
    std::int64_t total = 0, opening = 0;
    for (const auto& [id, a] : accounts_) {
      total += a.balance;
      opening += a.opening;
      const auto it = account_deltas_.find(id);
      if (a.balance != a.opening + (it == account_deltas_.end() ? 0 : it->second))
        half("account " + std::to_string(id) + " has a balance its ledger does not explain");
    }
    if (accounts_.size() != static_cast<std::size_t>(kAccounts))
      lost(std::to_string(accounts_.size()) + " bank accounts instead of " + std::to_string(kAccounts));
    if (total != kAccounts * kInitialBalance || opening != kAccounts * kInitialBalance)
      half("the balances sum to " + std::to_string(total) + " instead of " +
           std::to_string(kAccounts * kInitialBalance));
    for (const auto& [txid, lines] : ledger_) {
      const auto it = lines_.find(txid);
      if (it == lines_.end() || it->second.count != lines || it->second.sum != 0)
        half("ledger entry " + std::to_string(txid) + " lacks some of its lines");
    }
    for (const auto& [txid, agg] : lines_)
      if (!ledger_.count(txid)) half("ledger lines of " + std::to_string(txid) + " without their entry");
  }

  // A batch has all its rows at its version; a deleted one has none left.
  void check_batches() {
    for (const auto& [txid, b] : batches_) {
      const auto it = batch_rows_.find(txid);
      const BatchRows rows = it == batch_rows_.end() ? BatchRows{} : it->second;
      if (rows.count != b.size)
        half("batch " + std::to_string(txid) + " has " + std::to_string(rows.count) + " of its " +
             std::to_string(b.size) + " rows");
      else if (rows.min_version != b.version || rows.max_version != b.version)
        half("batch " + std::to_string(txid) + " has rows of another version than itself");
      if (tombstone_of_batch_.count(txid))
        half("batch " + std::to_string(txid) + " is deleted and still there");
    }
    for (const auto& [batch, rows] : batch_rows_)
      if (!batches_.count(batch)) half("rows of batch " + std::to_string(batch) + " without the batch");
  }

  // What each state of an account implies across tables: its profile, mail, tokens and audit.
  void check_users() {
    for (const auto& [id, u] : users_) {
      const std::string who = "user " + std::to_string(id) + " (" + u.status + ")";
      const auto p = profiles_.find(id);
      if (p == profiles_.end()) half(who + " without a profile");
      if (!audited(id, "user.registered")) half(who + " without its registration in the audit log");
      const auto m = mail_.find(u.email);
      const Mail mail = m == mail_.end() ? Mail{} : m->second;
      const auto t = tokens_.find(id);
      const Tokens tok = t == tokens_.end() ? Tokens{} : t->second;
      if (u.status == "pending") {
        if (u.verified || u.deleted_at || mail.count != 1 || mail.links != 1 || tok.unused_verify != 1 ||
            tok.used_verify != 0 ||
            audited(id, "user.email_verified") || audited(id, "user.deleted"))
          half(who + " does not match its mail, token and audit log");
      } else if (u.status == "active") {
        if (!u.verified || u.deleted_at || mail.count != 2 || mail.links != 1 || tok.unused_verify != 0 ||
            tok.used_verify != 1 ||
            !audited(id, "user.email_verified") || audited(id, "user.deleted"))
          half(who + " does not match its mail, token and audit log");
      } else if (u.status == "deleted") {
        if (!u.email.empty() || !u.deleted_at || tok.all != 0 || !audited(id, "user.deleted"))
          half(who + " still has personal data, tokens, or no audit entry");
        if (const auto e = deleted_emails_.find(id); e != deleted_emails_.end()) {
          const auto old = mail_.find(e->second);
          const Mail left = old == mail_.end() ? Mail{} : old->second;
          if (left.count != (audited(id, "user.email_verified") ? 1 : 0) || left.links != 0)
            half(who + " left mail behind, or its deletion notice is missing");
        }
        if (p != profiles_.end() && (p->second.about || p->second.first_name || p->second.nickname))
          half(who + " still has a profile");
      } else {
        half(who + ": an unexpected status");
      }
      if (p == profiles_.end()) continue;
      const auto& pr = p->second;
      if (!pr.about) {
        if (pr.first_name || pr.city) half(who + ": a profile edit without its about text");
        continue;
      }
      const auto edit = edit_of(pr.about);
      if (!edit || profile_edit(*edit).first_name != pr.first_name || profile_edit(*edit).city != pr.city)
        half(who + ": a profile with fields of two different edits");
    }
  }

  // Did the unit commit? `acked`: may a later unit have overwritten it (edits, bumps).
  bool committed(std::int64_t txid, const Begun& b, bool acked) {
    const auto user = users_.find(b.target);
    const bool user_deleted = user != users_.end() && user->second.status == "deleted";
    if (b.kind == "transfer" || b.kind == "spread") return ledger_.count(txid) > 0;
    if (b.kind == "binsert") return batches_.count(txid) || tombstone_of_batch_.count(txid);
    if (b.kind == "bdel") return tombstones_.count(txid) && tombstones_.at(txid) == b.target;
    if (b.kind == "bump") {
      const auto it = batches_.find(b.target);
      if (it == batches_.end()) return acked && tombstone_of_batch_.count(b.target);
      return acked ? it->second.version >= txid : it->second.version == txid;
    }
    if (b.kind == "reg") {
      if (user_by_email_.count(b.email)) return true;
      for (const auto& [id, email] : deleted_emails_)
        if (email == b.email) return users_.count(id) && users_.at(id).status == "deleted";
      return false;
    }
    if (b.kind == "ver") return audited(b.target, "user.email_verified");
    if (b.kind == "del") return user_deleted;
    if (b.kind == "edit") {
      if (user_deleted) return acked;
      const auto p = profiles_.find(b.target);
      const auto seen = p == profiles_.end() ? std::nullopt : edit_of(p->second.about);
      return seen && (acked ? *seen >= txid : *seen == txid);
    }
    lost("an unknown kind of unit: " + b.kind);
    return false;
  }

  void check_units(const RoundLog& log) {
    for (const auto& [txid, b] : log.begun) {
      const bool acked = log.acked.count(txid) > 0;
      if (acked) {
        ++f_.acknowledged;
        if (committed(txid, b, true)) ++f_.acknowledged_found;
        else lost("acknowledged " + b.kind + " " + std::to_string(txid) + " is not in the database");
      } else if (!log.failed.count(txid)) {
        ++f_.in_doubt;
        if (committed(txid, b, false)) ++f_.in_doubt_committed;
      }
    }
  }

  // What was there once never goes away: counts that only grow.
  void check_watermarks() {
    Watermarks now;
    now.ledger = static_cast<std::int64_t>(ledger_.size()) + pruned_;
    now.tombstones = static_cast<std::int64_t>(tombstones_.size());
    now.users = static_cast<std::int64_t>(users_.size());
    for (const auto& [id, u] : users_) now.deleted += u.status == "deleted";
    for (const auto& [user, event] : audit_) {
      now.verified += event == "user.email_verified";
      now.registered += event == "user.registered";
    }
    const std::pair<const char*, std::int64_t Watermarks::*> fields[] = {
        {"ledger entries", &Watermarks::ledger}, {"batch deletions", &Watermarks::tombstones},
        {"users", &Watermarks::users},           {"deleted users", &Watermarks::deleted},
        {"verifications", &Watermarks::verified}, {"registrations", &Watermarks::registered}};
    for (const auto& [name, field] : fields)
      if (now.*field < seen_.*field)
        lost(std::string(name) + " went down from " + std::to_string(seen_.*field) + " to " +
             std::to_string(now.*field));
    seen_ = now;
  }

  std::string url_;
  bool amcheck_;
  int round_ = 0;
  Findings f_;
  Watermarks seen_;
  std::int64_t pruned_ = 0;
  std::unordered_map<std::int64_t, std::string> deleted_emails_;  // user -> address, from deletions begun
  // The database as loaded for one check.
  std::map<std::int64_t, Account> accounts_;
  std::unordered_map<std::int64_t, std::int64_t> ledger_, account_deltas_, tombstones_, tombstone_of_batch_;
  std::unordered_map<std::int64_t, Lines> lines_;
  std::unordered_map<std::int64_t, Batch> batches_;
  std::unordered_map<std::int64_t, BatchRows> batch_rows_;
  std::unordered_map<std::int64_t, Tokens> tokens_;
  std::unordered_map<std::int64_t, User> users_;
  std::unordered_map<std::string, std::int64_t> user_by_email_;
  std::unordered_map<std::int64_t, Profile> profiles_;
  std::unordered_map<std::string, Mail> mail_;
  std::set<std::pair<std::int64_t, std::string>> audit_;
};

}  // namespace fitkit::test::crash
