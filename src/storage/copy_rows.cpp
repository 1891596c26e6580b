#include "storage/copy_rows.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <map>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::storage::copy {
namespace {

// Both engines must order text and blobs alike for the two checksums to agree and for a resumed
// copy to find its place: by bytes. PostgreSQL's "C" collation and SQLite's BINARY do so.
std::string ordered(const TablePlan& t, int column, std::string_view dialect) {
  std::string out = quote_name(t.columns[static_cast<std::size_t>(column)].name);
  if (t.columns[static_cast<std::size_t>(column)].kind == Kind::text)
    out += dialect == "postgresql" ? " COLLATE \"C\"" : " COLLATE BINARY";
  return out;
}

std::string key_list(const TablePlan& t, std::string_view dialect, std::string_view suffix) {
  std::string out;
  for (int k : t.key) out += (out.empty() ? "" : ", ") + ordered(t, k, dialect) + std::string(suffix);
  return out;
}

std::string column_list(const TablePlan& t, const std::vector<int>& columns) {
  std::string out;
  for (int c : columns)
    out += (out.empty() ? "" : ", ") + quote_name(t.columns[static_cast<std::size_t>(c)].name);
  return out;
}

std::vector<int> all_columns(const TablePlan& t) {
  std::vector<int> out(t.columns.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int>(i);
  return out;
}

Value read_value(const Row& r, int c, Kind kind) {
  if (r.is_null(c)) return std::monostate{};
  switch (kind) {
    case Kind::integer: return r.i64(c);
    case Kind::real: return r.f64(c);
    case Kind::blob: return Blob{r.blob(c)};
    case Kind::text:
    case Kind::any: break;
  }
  return r.text(c);
}

Values read_values(const Row& r, const TablePlan& t, const std::vector<int>& columns) {
  Values out;
  out.reserve(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i)
    out.push_back(read_value(r, static_cast<int>(i), t.columns[static_cast<std::size_t>(columns[i])].kind));
  return out;
}

Param to_param(const Value& v) {
  return std::visit(
      [](const auto& x) -> Param {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else if constexpr (std::is_same_v<T, Blob>) return BlobView{x.bytes};
        else return Param(x);
      },
      v);
}

std::string insert_sql(const TablePlan& t, int rows) {
  std::string row = "(";
  for (std::size_t i = 0; i < t.columns.size(); ++i) row += i ? ", ?" : "?";
  row += ")";
  std::string out = "INSERT INTO " + quote_name(t.name) + " (" + column_list(t, all_columns(t)) + ")" +
                    (t.overriding_system_value ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ";
  for (int r = 0; r < rows; ++r) out += (r ? ", " : "") + row;
  return out;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

}  // namespace

TableScan::TableScan(const TablePlan& table, std::string_view dialect, int page_size)
    : table_(table), page_size_(page_size), postgres_(dialect == "postgresql") {
  const std::string select =
      "SELECT " + column_list(table, all_columns(table)) + " FROM " + quote_name(table.name);
  const std::string order = " ORDER BY " + key_list(table, dialect, "") + (postgres_ ? "" : " LIMIT ?");
  std::string placeholders;
  for (std::size_t i = 0; i < table.key.size(); ++i) placeholders += i ? ", ?" : "?";
  first_sql_ = select + order;
  after_sql_ = select + " WHERE (" + key_list(table, dialect, "") + ") > (" + placeholders + ")" + order;
  if (postgres_) {
    first_sql_ = "DECLARE " + std::string(kCursor) + " NO SCROLL CURSOR FOR " + first_sql_;
    after_sql_ = "DECLARE " + std::string(kCursor) + " NO SCROLL CURSOR FOR " + after_sql_;
  }
  last_key_sql_ = "SELECT " + column_list(table, table.key) + " FROM " + quote_name(table.name) +
                  " ORDER BY " + key_list(table, dialect, " DESC") + " LIMIT 1";
}

TableScan::~TableScan() {
  if (!cursor_) return;
  try {
    cursor_->exec("CLOSE " + std::string(kCursor));
  } catch (...) {
    // Abandoned by an error: the transaction's end closes the cursor.
  }
}

std::vector<Values> TableScan::next(Connection& c) {
  std::vector<Values> rows;
  if (done_) return rows;
  std::vector<Param> params;
  if (after_)
    for (const Value& v : *after_) params.push_back(to_param(v));
  const std::vector<int> columns = all_columns(table_);
  const auto collect = [&](const Row& r) { rows.push_back(read_values(r, table_, columns)); };
  if (postgres_) {
    // A cursor sorts once; pages of LIMIT would sort again each time when the key's collation is
    // not the column's own ("C" on a database of another locale), which the index cannot serve.
    if (!cursor_) {
      c.exec(after_ ? after_sql_ : first_sql_, params);
      cursor_ = &c;
    }
    c.query("FETCH FORWARD " + std::to_string(page_size_) + " FROM " + kCursor, {}, collect);
  } else {
    params.push_back(page_size_);
    c.query(after_ ? after_sql_ : first_sql_, params, collect);
  }
  if (rows.size() < static_cast<std::size_t>(page_size_)) {
    done_ = true;
    if (cursor_) c.exec("CLOSE " + std::string(kCursor));
    cursor_ = nullptr;
  }
  if (!rows.empty()) {
    Values key;
    for (int k : table_.key) key.push_back(rows.back()[static_cast<std::size_t>(k)]);
    after_ = std::move(key);
  }
  return rows;
}

std::optional<Values> TableScan::last_key(Connection& c) const {
  std::optional<Values> out;
  c.query(last_key_sql_, {}, [&](const Row& r) { out = read_values(r, table_, table_.key); });
  return out;
}

TableWriter::TableWriter(const TablePlan& table) : table_(table) {
  // Many rows a statement, within what both engines take in bound values.
  const int columns = static_cast<int>(std::max<std::size_t>(table.columns.size(), 1));
  rows_per_statement_ = std::clamp(2000 / columns, 1, 100);
  single_sql_ = insert_sql(table, 1);
  multi_sql_ = insert_sql(table, rows_per_statement_);
}

void TableWriter::write(Connection& c, const std::vector<Values>& rows) {
  std::map<std::vector<bool>, std::vector<const Values*>> by_nulls;
  for (const Values& row : rows) {
    std::vector<bool> nulls;
    for (const Value& v : row) nulls.push_back(v.index() == 0);
    by_nulls[nulls].push_back(&row);
  }
  std::vector<Param> params;
  for (const auto& [nulls, group] : by_nulls) {
    std::size_t at = 0;
    while (at < group.size()) {
      const bool multi = group.size() - at >= static_cast<std::size_t>(rows_per_statement_);
      const std::size_t n = multi ? static_cast<std::size_t>(rows_per_statement_) : 1;
      params.clear();
      for (std::size_t r = at; r < at + n; ++r)
        for (const Value& v : *group[r]) params.push_back(to_param(v));
      c.exec(multi ? multi_sql_ : single_sql_, params);
      at += n;
    }
  }
}

struct Checksum::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string buffer;
  ~State() { EVP_MD_CTX_free(ctx); }
};

Checksum::Checksum() : state_(std::make_unique<State>()) {
  if (!state_->ctx || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1)
    throw Error::internal("cannot set up SHA-256");
}

Checksum::~Checksum() = default;

void Checksum::add(const Values& row) {
  std::string& out = state_->buffer;
  out.clear();
  for (const Value& v : row) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            out.push_back('N');
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            out.push_back('I');
            put_u64(out, static_cast<std::uint64_t>(x));
          } else if constexpr (std::is_same_v<T, double>) {
            out.push_back('R');
            put_u64(out, std::bit_cast<std::uint64_t>(x));
          } else {
            const std::string& bytes = [&]() -> const std::string& {
              if constexpr (std::is_same_v<T, Blob>) return x.bytes;
              else return x;
            }();
            out.push_back(std::is_same_v<T, Blob> ? 'B' : 'T');
            put_u64(out, bytes.size());
            out += bytes;
          }
        },
        v);
  }
  if (EVP_DigestUpdate(state_->ctx, out.data(), out.size()) != 1) throw Error::internal("SHA-256 failed");
}

std::string Checksum::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(state_->ctx, digest, &size) != 1) throw Error::internal("SHA-256 failed");
  return crypto::hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

TableSum sum_table(Connection& c, const TablePlan& table, int page_size) {
  TableScan scan(table, c.dialect(), page_size);
  Checksum sum;
  TableSum out;
  for (auto rows = scan.next(c); !rows.empty(); rows = scan.next(c)) {
    for (const Values& row : rows) sum.add(row);
    out.rows += static_cast<std::int64_t>(rows.size());
  }
  out.checksum = sum.hex();
  return out;
}

std::int64_t count_rows(Connection& c, const TablePlan& table) {
  return c.query_i64("SELECT count(*) FROM " + quote_name(table.name)).value_or(0);
}

}  // namespace fitkit::storage::copy
