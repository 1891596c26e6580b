// What `db copy` learns from the catalogs of both databases (sqlite_master and PRAGMAs,
// information_schema and pg_catalog) and the plan it makes from them: which tables, which
// columns with which type of value, in which order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fitkit/storage.hpp"

namespace fitkit::storage::copy {

// The type of value a column holds, as read through Row and bound as Param.
// `any`: SQLite's declared type says nothing definite (no type, NUMERIC, DATE...).
enum class Kind { integer, real, text, blob, any };
std::string_view to_string(Kind kind) noexcept;

// The kind of a declared column type: SQLite's affinity rules, or PostgreSQL's data_type.
Kind kind_of(std::string_view dialect, std::string_view declared_type);

struct CatalogColumn {
  std::string name;
  std::string declared_type;
  Kind kind;
  bool generated_always = false;  // PostgreSQL GENERATED ALWAYS AS IDENTITY
};

struct CatalogTable {
  std::string name;
  std::vector<CatalogColumn> columns;  // in declaration order
  std::vector<std::string> key;        // the primary key's columns, in key order
  std::vector<std::string> parents;    // the tables its foreign keys reference
};

// The tables of the connection's schema, sorted by name; schema_migrations and the engine's own
// tables (sqlite_*) left out.
std::vector<CatalogTable> read_catalog(Connection& c);
bool has_table(Connection& c, std::string_view name);

struct PlanColumn {
  std::string name;
  Kind kind;  // never any
};

struct TablePlan {
  std::string name;
  std::vector<PlanColumn> columns;
  std::vector<int> key;  // indices into columns, in key order
  bool overriding_system_value = false;  // the target has a GENERATED ALWAYS identity column
};

// Every table of the source, matched in the target by name with the same columns, each column's
// kind resolved from both sides, ordered parents first. Throws Error::precondition for a
// missing table or column, kinds that disagree, a table without a primary key, or a cycle.
std::vector<TablePlan> plan_copy(const std::vector<CatalogTable>& source,
                                 const std::vector<CatalogTable>& target);

// The catalogue's full-text index of events (migration 0011), which a copy leaves out and
// rebuilds on the target with rebuild_search_index() (src/events/event_search.cpp).
inline constexpr std::string_view kSearchIndexTable = "event_search";
void rebuild_search_index(Connection& c);

// A name as a quoted SQL identifier: "name", an inner " doubled. Both engines read it so.
std::string quote_name(std::string_view name);

}  // namespace fitkit::storage::copy
