#include "storage/copy_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "fitkit/error.hpp"

namespace fitkit::storage::copy {
namespace {

constexpr std::string_view kMigrationsTable = "schema_migrations";

// A full-text index (SQLite's FTS5 table and its shadow tables, PostgreSQL's tsvector table)
// is not data: it differs between the engines and is rebuilt on the target after the copy.
bool is_search_index(std::string_view table) {
  return table == kSearchIndexTable || table.starts_with(std::string(kSearchIndexTable) + "_");
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<CatalogTable> read_sqlite(Connection& c) {
  std::vector<CatalogTable> tables;
  c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
          "ORDER BY name",
          {}, [&](const Row& r) {
            if (!is_search_index(r.text(0))) tables.push_back({r.text(0), {}, {}, {}});
          });
  for (auto& t : tables) {
    std::map<std::int64_t, std::string> key;  // position in the key -> column
    c.query("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", {t.name}, [&](const Row& r) {
      t.columns.push_back({r.text(0), r.text(1), kind_of("sqlite", r.text(1))});
      if (r.i64(2) > 0) key[r.i64(2)] = r.text(0);
    });
    for (auto& [position, column] : key) t.key.push_back(column);
    c.query("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", {t.name},
            [&](const Row& r) { t.parents.push_back(r.text(0)); });
  }
  return tables;
}

std::vector<CatalogTable> read_postgres(Connection& c) {
  std::vector<CatalogTable> tables;
  c.query("SELECT table_name::text FROM information_schema.tables "
          "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
          {}, [&](const Row& r) {
            if (!is_search_index(r.text(0))) tables.push_back({r.text(0), {}, {}, {}});
          });
  for (auto& t : tables) {
    c.query("SELECT column_name::text, data_type::text, identity_generation::text "
            "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
            "ORDER BY ordinal_position",
            {t.name}, [&](const Row& r) {
              t.columns.push_back({r.text(0), r.text(1), kind_of("postgresql", r.text(1)),
                                   r.opt_text(2).value_or("") == "ALWAYS"});
            });
    // pg_catalog rather than information_schema: the latter hides what the role does not own.
    c.query("SELECT a.attname::text FROM pg_constraint k "
            "JOIN pg_class t ON t.oid = k.conrelid "
            "JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, n) ON true "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum "
            "WHERE k.contype = 'p' AND t.relname = ? "
            "AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
            "ORDER BY u.n",
            {t.name}, [&](const Row& r) { t.key.push_back(r.text(0)); });
    c.query("SELECT DISTINCT p.relname::text FROM pg_constraint k "
            "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid "
            "WHERE k.contype = 'f' AND t.relname = ? "
            "AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
            {t.name}, [&](const Row& r) { t.parents.push_back(r.text(0)); });
  }
  return tables;
}

// The column's kind from both sides: they must agree where both are definite.
Kind resolve(const std::string& table, const CatalogColumn& s, const CatalogColumn& t) {
  if (s.kind == t.kind && s.kind != Kind::any) return s.kind;
  if (s.kind == Kind::any && t.kind != Kind::any) return t.kind;
  if (t.kind == Kind::any && s.kind != Kind::any) return s.kind;
  const std::string where = "column " + table + "." + s.name;
  if (s.kind == Kind::any)
    throw Error::precondition(where + " has no definite type on either side ('" + s.declared_type + "', '" +
                              t.declared_type + "'): its values cannot be copied with their types");
  throw Error::precondition(where + " is " + s.declared_type + " (" + std::string(to_string(s.kind)) +
                            ") in the source but " + t.declared_type + " (" + std::string(to_string(t.kind)) +
                            ") in the target");
}

TablePlan plan_table(const CatalogTable& s, const CatalogTable& t) {
  if (s.key.empty())
    throw Error::precondition("table " + s.name +
                              " has no primary key: it cannot be copied in key order nor resumed");
  std::set<std::string> source_columns;
  for (const auto& c : s.columns) source_columns.insert(c.name);
  for (const auto& c : t.columns)
    if (!source_columns.count(c.name))
      throw Error::precondition("column " + t.name + "." + c.name +
                                " exists in the target but not in the source: the schemas differ");
  TablePlan plan{s.name, {}, {}, false};
  for (const auto& sc : s.columns) {
    auto tc = std::find_if(t.columns.begin(), t.columns.end(), [&](auto& c) { return c.name == sc.name; });
    if (tc == t.columns.end())
      throw Error::precondition("column " + s.name + "." + sc.name +
                                " exists in the source but not in the target: the schemas differ");
    plan.columns.push_back({sc.name, resolve(s.name, sc, *tc)});
    plan.overriding_system_value = plan.overriding_system_value || tc->generated_always;
  }
  for (const auto& k : s.key) {
    auto it = std::find_if(plan.columns.begin(), plan.columns.end(), [&](auto& c) { return c.name == k; });
    plan.key.push_back(static_cast<int>(it - plan.columns.begin()));
  }
  return plan;
}

}  // namespace

std::string_view to_string(Kind kind) noexcept {
  switch (kind) {
    case Kind::integer: return "integer";
    case Kind::real: return "real";
    case Kind::text: return "text";
    case Kind::blob: return "blob";
    case Kind::any: return "any";
  }
  return "any";
}

Kind kind_of(std::string_view dialect, std::string_view declared_type) {
  const std::string t = upper(declared_type);
  if (dialect == "postgresql") {
    // information_schema's data_type: exact names. Others (timestamps, json, uuid...) go as text.
    if (t == "BIGINT" || t == "INTEGER" || t == "SMALLINT" || t == "BOOLEAN") return Kind::integer;
    if (t == "DOUBLE PRECISION" || t == "REAL" || t == "NUMERIC") return Kind::real;
    if (t == "BYTEA") return Kind::blob;
    return Kind::text;
  }
  // SQLite's affinity rules, in their order (https://sqlite.org/datatype3.html, 3.1), plus the
  // portable names that SQLite would otherwise call NUMERIC.
  if (contains(t, "INT")) return Kind::integer;
  if (contains(t, "CHAR") || contains(t, "CLOB") || contains(t, "TEXT")) return Kind::text;
  if (contains(t, "BLOB") || contains(t, "BYTEA")) return Kind::blob;
  if (contains(t, "REAL") || contains(t, "FLOA") || contains(t, "DOUB")) return Kind::real;
  if (contains(t, "BOOL")) return Kind::integer;
  return Kind::any;
}

std::vector<CatalogTable> read_catalog(Connection& c) {
  auto tables = c.dialect() == "postgresql" ? read_postgres(c) : read_sqlite(c);
  std::erase_if(tables, [](const CatalogTable& t) { return t.name == kMigrationsTable; });
  // By bytes, whatever the server's collation.
  std::sort(tables.begin(), tables.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return tables;
}

bool has_table(Connection& c, std::string_view name) {
  if (c.dialect() == "postgresql")
    return c.query_i64("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                       "AND table_name = ?",
                       {name})
        .has_value();
  return c.query_i64("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {name}).has_value();
}

std::vector<TablePlan> plan_copy(const std::vector<CatalogTable>& source,
                                 const std::vector<CatalogTable>& target) {
  std::map<std::string, const CatalogTable*> in_target;
  for (const auto& t : target) in_target[t.name] = &t;
  std::map<std::string, TablePlan> plans;
  std::map<std::string, std::set<std::string>> parents;  // among the copied tables, itself aside
  for (const auto& s : source) {
    auto it = in_target.find(s.name);
    if (it == in_target.end())
      throw Error::precondition("table " + s.name + " exists in the source but not in the target");
    plans.emplace(s.name, plan_table(s, *it->second));
    parents[s.name];
  }
  // The foreign keys of both sides: the target's decide what an insert needs first.
  for (const auto* side : {&source, &target})
    for (const auto& t : *side)
      for (const auto& p : t.parents)
        if (plans.count(t.name) && plans.count(p) && p != t.name) parents[t.name].insert(p);

  // Kahn's algorithm, by name among the ready ones, so that the order is always the same.
  std::vector<TablePlan> ordered;
  while (!parents.empty()) {
    auto ready = std::find_if(parents.begin(), parents.end(), [](auto& e) { return e.second.empty(); });
    if (ready == parents.end()) {
      std::string names;
      for (auto& [name, rest] : parents) names += (names.empty() ? "" : ", ") + name;
      throw Error::precondition("the foreign keys of tables " + names +
                                " form a cycle (or depend on one): they cannot be copied parents first");
    }
    const std::string name = ready->first;
    parents.erase(ready);
    for (auto& [child, rest] : parents) rest.erase(name);
    ordered.push_back(std::move(plans.at(name)));
  }
  return ordered;
}

std::string quote_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace fitkit::storage::copy
