#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "fitkit/error.hpp"
#include "storage/postgres/postgres_text.hpp"

namespace fitkit::storage {
namespace {

// Type OIDs of the built-in types (server/catalog/pg_type_d.h is not part of libpq-dev).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kFloat8Oid = 701;
constexpr auto kLeaseTimeout = std::chrono::seconds(30);

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// "at line N: <that line>" for an error position (1-based, in characters) inside `sql`.
std::string where_in(std::string_view sql, const char* position) {
  if (!position || sql.empty()) return {};
  std::size_t chars = 0;
  std::from_chars(position, position + std::char_traits<char>::length(position), chars);
  // The position counts characters; step over UTF-8 continuation bytes to find the byte.
  std::size_t at = 0, seen = 0;
  while (at < sql.size() && seen + 1 < chars) {
    ++at;
    if ((static_cast<unsigned char>(sql[at]) & 0xC0) != 0x80) ++seen;
  }
  const std::size_t line_start = sql.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t begin = line_start == std::string_view::npos ? 0 : line_start + 1;
  const std::size_t end = std::min(sql.find('\n', at), sql.size());
  const auto line = 1 + std::count(sql.begin(), sql.begin() + static_cast<std::ptrdiff_t>(begin), '\n');
  return " at line " + std::to_string(line) + ": " + std::string(sql.substr(begin, end - begin));
}

// Throws the fitkit::Error for a failed statement (a TransactionConflict for the
// failures that a retry of the whole transaction cures).
[[noreturn]] void throw_error(PGconn* conn, const PGresult* res, std::string_view sql = {}) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const std::string code = state ? state : "";
  if (code == "23505") {
    const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    throw Error::already_exists("already exists (" + std::string(constraint ? constraint : msg) + ")");
  }
  if (code == "23503") throw Error::conflict("a referenced record is missing or still in use");
  if (code == "40001" || code == "40P01")
    throw TransactionConflict("the transaction collided with a concurrent one (" + msg + "); try again");
  if (code.empty() || code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") ||
      code == "55P03" || PQstatus(conn) != CONNECTION_OK)
    throw Error::unavailable("the database is unreachable or busy: " + msg);
  throw Error::internal("database error " + code + ": " + msg +
                         where_in(sql, res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : nullptr));
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PgRow final : public Row {
 public:
  PgRow(const PGresult* r, int row) : r_(r), row_(row) {}
  int size() const override { return PQnfields(r_); }
  bool is_null(int c) const override { return PQgetisnull(r_, row_, c); }
  std::int64_t i64(int c) const override {
    const std::string_view v = raw(c);
    if (PQftype(r_, c) == kBoolOid) return v == "t" ? 1 : 0;
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && p == v.data() + v.size()) return out;
    return static_cast<std::int64_t>(f64(c));  // numeric or float text, as SQLite converts
  }
  double f64(int c) const override {
    const std::string_view v = raw(c);
    double out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
  }
  std::string text(int c) const override {
    if (PQftype(r_, c) == kByteaOid) return blob(c);
    return std::string(raw(c));
  }
  std::string blob(int c) const override {
    if (PQftype(r_, c) != kByteaOid) return std::string(raw(c));
    if (is_null(c)) return {};
    std::size_t n = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row_, c)), &n);
    if (!bytes) throw Error::internal("out of memory decoding a bytea value");
    std::string out(reinterpret_cast<char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }

 private:
  std::string_view raw(int c) const {
    return {PQgetvalue(r_, row_, c), static_cast<std::size_t>(PQgetlength(r_, row_, c))};
  }
  const PGresult* r_;
  int row_;
};

// A parameter's type as sent: int64 and double carry their type, as they do in SQLite;
// text and NULL let the server infer it from the context.
Oid type_of(const Param& p) {
  switch (p.value().index()) {
    case 1: return kInt8Oid;
    case 2: return kFloat8Oid;
    case 4: return kByteaOid;
    default: return 0;
  }
}

class PgConnection final : public Connection {
 public:
  PgConnection(const std::string& conninfo, const std::string& masked_url, const std::string& password) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
      // libpq does not echo the password, but a malformed URL's message may quote any part of it.
      if (!password.empty())
        for (auto at = msg.find(password); at != std::string::npos; at = msg.find(password))
          msg.replace(at, password.size(), "***");
      throw Error::unavailable("cannot connect to " + masked_url + ": " + msg);
    }
    // Notices ("relation already exists, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  std::int64_t run(std::string_view sql, std::span<const Param> params,
                   const RowCallback& on_row) override {
    std::string key(sql);
    key += '\0';
    for (const Param& p : params) key += std::to_string(type_of(p)) + ",";
    const std::string& name = prepare(key, sql, params);

    const auto n = params.size();
    std::vector<std::string> texts(n);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0), formats(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return;
            } else if constexpr (std::is_same_v<T, BlobView>) {
              values[i] = v.bytes.data();
              lengths[i] = static_cast<int>(v.bytes.size());
              formats[i] = 1;  // binary: the bytes as they are, NULs included
            } else {
              if constexpr (std::is_same_v<T, std::string_view>) {
                if (v.find('\0') != std::string_view::npos)
                  throw Error::invalid("value", "text cannot contain a NUL character; bind it as a blob");
                texts[i] = std::string(v);
              } else {
                char buf[32];
                auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact form
                texts[i].assign(buf, end);
              }
              values[i] = texts[i].c_str();
            }
          },
          params[i].value());
    }
    Result res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(n), values.data(), lengths.data(),
                              formats.data(), 0));
    const auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_error(conn_, res.get(), sql);
    if (on_row)
      for (int r = 0, rows = PQntuples(res.get()); r < rows; ++r) on_row(PgRow(res.get(), r));
    if (std::string_view(PQcmdStatus(res.get())).starts_with("SELECT")) return 0;
    std::int64_t changed = 0;
    const std::string_view tuples = PQcmdTuples(res.get());
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed);
    return changed;
  }

  void run_script(std::string_view sql) override { simple(std::string(sql)); }

  void begin(bool write) override {
    // PostgreSQL only warns about a nested BEGIN; SQLite refuses it, and so do we.
    if (in_transaction()) throw Error::internal("cannot begin a transaction inside another one");
    simple(write ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN ISOLATION LEVEL REPEATABLE READ");
  }
  void commit() override {
    // COMMIT of a transaction aborted by an earlier error "succeeds" as a rollback: say so.
    const bool failed = PQtransactionStatus(conn_) == PQTRANS_INERROR;
    simple("COMMIT");
    if (failed) throw Error::internal("the transaction was rolled back: a statement in it failed");
  }
  void rollback() override {
    if (in_transaction()) simple("ROLLBACK");
  }
  bool in_transaction() const override { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  std::string_view dialect() const override { return "postgresql"; }

 private:
  void simple(const std::string& sql) {
    Result res(PQexec(conn_, sql.c_str()));
    const auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_error(conn_, res.get(), sql);
  }

  const std::string& prepare(const std::string& key, std::string_view sql, std::span<const Param> params) {
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    auto [rewritten, count] = rewrite_placeholders(sql);
    if (count != static_cast<int>(params.size()))
      throw Error::internal("statement expects " + std::to_string(count) + " values, got " +
                            std::to_string(params.size()));
    std::vector<Oid> types;
    for (const Param& p : params) types.push_back(type_of(p));
    std::string name = "fitkit_" + std::to_string(cache_.size());
    Result res(PQprepare(conn_, name.c_str(), rewritten.c_str(), count, types.data()));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) throw_error(conn_, res.get(), rewritten);
    return cache_.emplace(key, std::move(name)).first->second;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> cache_;  // key -> name
};

// Leases must be dropped before the database is destroyed.
class PgDatabase final : public Database {
 public:
  explicit PgDatabase(const std::string& url)
      : parsed_(parse_url(url)), masked_(mask_postgres_password(url)) {
    idle_.push_back(connect());  // fail early on a bad URL or an unreachable server
    open_ = 1;
  }

  std::shared_ptr<Connection> lease() override {
    std::unique_ptr<PgConnection> conn;
    {
      std::unique_lock lock(mu_);
      const bool ready = available_.wait_for(lock, kLeaseTimeout, [&] {
        return !idle_.empty() || open_ < parsed_.pool_size;
      });
      if (!ready)
        throw Error::unavailable("all " + std::to_string(parsed_.pool_size) + " connections to " + masked_ +
                                 " stayed in use; try again or raise pool_size");
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (!conn) {
      try {
        conn = connect();
      } catch (...) {
        closed();
        throw;
      }
    }
    PgConnection* raw = conn.release();
    return std::shared_ptr<Connection>(raw,
                                       [this](Connection* c) { give_back(static_cast<PgConnection*>(c)); });
  }

  std::string_view dialect() const override { return "postgresql"; }
  std::string describe() const override { return masked_; }

 private:
  std::unique_ptr<PgConnection> connect() {
    return std::make_unique<PgConnection>(parsed_.conninfo, masked_, parsed_.password);
  }

  void closed() {
    std::lock_guard lock(mu_);
    --open_;
    available_.notify_one();
  }

  void give_back(PgConnection* c) {
    std::unique_ptr<PgConnection> conn(c);
    try {
      conn->rollback();  // never hand out a connection inside a transaction
    } catch (...) {
    }
    if (conn->broken() || conn->in_transaction()) {  // closed, not reused
      conn.reset();
      closed();
      return;
    }
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    available_.notify_one();
  }

  ParsedUrl parsed_;
  std::string masked_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;  // idle and leased
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url) { return std::make_unique<PgDatabase>(url); }

}  // namespace fitkit::storage
