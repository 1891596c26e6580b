// The driver-independent parts of the storage port.
#include "fitkit/storage.hpp"

namespace fitkit::storage {
namespace {
std::span<const Param> as_span(Params params) { return {params.begin(), params.size()}; }
}  // namespace

std::optional<std::int64_t> Row::opt_i64(int column) const {
  return is_null(column) ? std::nullopt : std::optional(i64(column));
}
std::optional<double> Row::opt_f64(int column) const {
  return is_null(column) ? std::nullopt : std::optional(f64(column));
}
std::optional<std::string> Row::opt_text(int column) const {
  return is_null(column) ? std::nullopt : std::optional(text(column));
}

std::int64_t Connection::exec(std::string_view sql, Params params) {
  return run(sql, as_span(params), {});
}
std::int64_t Connection::exec(std::string_view sql, const std::vector<Param>& params) {
  return run(sql, params, {});
}
void Connection::query(std::string_view sql, Params params, const RowCallback& on_row) {
  run(sql, as_span(params), on_row);
}
void Connection::query(std::string_view sql, const std::vector<Param>& params,
                       const RowCallback& on_row) {
  run(sql, params, on_row);
}

std::optional<std::int64_t> Connection::query_i64(std::string_view sql, Params params) {
  std::optional<std::int64_t> out;
  run(sql, as_span(params), [&](const Row& r) {
    if (!out && !r.is_null(0)) out = r.i64(0);
  });
  return out;
}

std::optional<std::string> Connection::query_text(std::string_view sql, Params params) {
  std::optional<std::string> out;
  run(sql, as_span(params), [&](const Row& r) {
    if (!out && !r.is_null(0)) out = r.text(0);
  });
  return out;
}

std::string_view string_agg_function(std::string_view dialect) noexcept {
  return dialect == "postgresql" ? "string_agg" : "group_concat";
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      c_.rollback();
    } catch (...) {
      // The connection reports its own failure on next use; a destructor must not throw.
    }
  }
}

void Transaction::commit() {
  c_.commit();
  done_ = true;
}

}  // namespace fitkit::storage
