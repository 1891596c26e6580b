// Unsafe requests (POST, PUT, PATCH, DELETE): Idempotency-Key around the operation, and
// If-Match checked against the current representation in the same write transaction.
#include <optional>

#include "api/idempotency_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "http/etag.hpp"
#include "http/handler.hpp"
#include "http/handler_detail.hpp"
#include "http/params.hpp"

namespace fitkit::http {

namespace {

// 1 to 255 characters of printable ASCII (space to ~).
bool is_valid_idempotency_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

}  // namespace

void Handler::write(const Request& request, const api::Operation& op, const Router::Match& match,
                    std::string_view path, std::string_view query, Response& out, Exchange& ex) const {
  const std::string_view key = request.header("Idempotency-Key");
  if (key.empty()) return run_write(request, op, match, path, query, out, ex);
  if (!is_valid_idempotency_key(key))
    throw HttpError(http_problem(400, "invalid_argument",
                                 "Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID",
                                 "Idempotency-Key"));
  // The caller is known (and within budget) before the key is looked at: keys are per caller.
  Actor actor = identify_and_count(request, op, out, ex);
  using Outcome = api::IdempotencyStore::Outcome;
  api::IdempotencyStore::Claim claim =
      idempotency_->claim(ex.client, key, request.method_name, request.target, request.body);
  switch (claim.outcome) {
    case Outcome::reused:
      throw HttpError(http_problem(422, "idempotency_key_reused",
                                   "this Idempotency-Key was used within 24 hours for another request (another "
                                   "method, path or body); use a new key for a new request",
                                   "Idempotency-Key"));
    case Outcome::in_use: {
      Problem p = http_problem(409, "idempotency_key_in_use",
                               "a request with this Idempotency-Key is still running; retry once it has finished",
                               "Idempotency-Key");
      p.retry_after_s = 1;
      throw HttpError(std::move(p));
    }
    case Outcome::replay:
      out.status = claim.answer.status;
      out.content_type = claim.answer.content_type == kProblemType ? kProblemType : kJsonType;
      out.body = std::move(claim.answer.body);
      if (out.status == 401) out.www_authenticate = "Bearer";
      out.headers.emplace_back("Idempotency-Replayed", "true");
      return;
    case Outcome::claimed:
      break;
  }
  try {
    run_write(request, op, match, path, query, out, ex, &actor);
  } catch (...) {
    set_problem(out, problem_from_current_exception());
  }
  // An answer that a retry may change (a server error, a rate limit) is not kept.
  if (out.status >= 500 || out.status == 429)
    idempotency_->release(claim);
  else
    idempotency_->keep(claim, {out.status, std::string(out.content_type), std::string(out.payload())});
}

void Handler::run_write(const Request& request, const api::Operation& op, const Router::Match& match,
                        std::string_view path, std::string_view query, Response& out, Exchange& ex,
                        const Actor* known) const {
  std::optional<Actor> identified;
  if (!known) identified.emplace(identify_and_count(request, op, out, ex));
  const Actor& actor = known ? *known : *identified;
  api::Json params = request_params(op, match.path_params, query, request.content_type, request.body,
                                    [&](std::string_view name) { return request.header(name); });
  if (const std::string_view if_match = request.header("If-Match"); !if_match.empty())
    return conditional_write(actor, op, params, path, if_match, out);
  out.body = json_text(api::call(platform_, actor, op, params));
}

void Handler::conditional_write(const Actor& actor, const api::Operation& op, const api::Json& params,
                                std::string_view path, std::string_view if_match, Response& out) const {
  // The current representation is what GET on the same path answers this caller.
  const Router::Match twin = router_.match(api::HttpMethod::get, path);
  if (!twin.op)
    throw HttpError(http_problem(412, "precondition_failed",
                                 "If-Match needs a current representation, and this path has no GET", "If-Match"));
  const api::Json twin_params = request_params(*twin.op, twin.path_params, {}, {}, {});
  // The read, the comparison and the change in one write transaction: no other writer can
  // slip in between (SQLite: the write lock from the start; PostgreSQL: serializable, and a
  // conflict runs the whole of it again).
  out.body = storage::retry_on_conflict([&] {
    storage::OuterTransaction outer(platform_.database());
    std::optional<std::string> current;
    try {
      current = strong_etag(json_text(api::call(platform_, actor, *twin.op, twin_params)));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::not_found) throw;
    }
    if (!if_match_holds(if_match, current)) {
      if (current) out.headers.emplace_back("ETag", *current);
      throw HttpError(http_problem(
          412, "precondition_failed",
          current ? "the resource has changed since the ETag in If-Match: read it again (its current ETag is in "
                    "this answer) and retry with that"
                  : "there is no current representation for If-Match to match",
          "If-Match"));
    }
    api::Json result;
    try {
      result = api::call(platform_, actor, op, params);
    } catch (const storage::TransactionConflict&) {
      throw;
    } catch (...) {
      // What the operation itself committed before failing stays, as it would without If-Match.
      try {
        outer.commit();
      } catch (...) {
      }
      throw;
    }
    outer.commit();
    return json_text(result);
  });
}

}  // namespace fitkit::http
