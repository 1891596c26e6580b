// Operations on the caller's own sessions: sessions.*
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kList = "sessions.list";

Json session_json(const SessionInfo& s) {
  return {{"id", format_id(IdKind::session, s.id)},
          {"device_name", s.device_name},
          {"user_agent", s.user_agent},
          {"ip", s.ip},
          {"created_at", time_json(s.created_at)},
          {"last_seen_at", time_json(s.last_seen_at)},
          {"current", s.current}};
}

// Sessions go by (created_at, id): created_at never changes, unlike last_seen_at, so pages stay stable.
std::optional<SessionPosition> position(const std::optional<std::string>& cursor) {
  if (!cursor) return std::nullopt;
  CursorReader reader(kList, *cursor);
  SessionPosition at;
  at.created_at = reader.integer();
  at.id = reader.integer();
  reader.finish();
  return at;
}

std::string cursor_of(const SessionInfo& s) {
  return CursorWriter(kList).integer(s.created_at).integer(s.id).finish();
}

}  // namespace

void add_session_operations(Registry& r) {
  r.add({"sessions.list", "Your signed-in sessions (devices), oldest first", HttpMethod::get, "/v1/sessions",
         Access::signed_in, paging_params(),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(ctx.platform.auth().sessions(ctx.actor, position(page.cursor), page.limit), session_json,
                            cursor_of);
         },
         "items"});
  r.add({"sessions.revoke", "End one of your sessions", HttpMethod::del, "/v1/sessions/{session_id}",
         Access::signed_in, {{"session_id", ParamType::id, true, "ses_… id", IdKind::session}},
         [](Context& ctx, const Json& p) {
           ctx.platform.auth().revoke_session(ctx.actor, id(p, "session_id", IdKind::session));
           return Json{{"status", "revoked"}};
         }});
  r.add({"sessions.revoke_others", "End every session but this one", HttpMethod::post, "/v1/sessions/revoke-others",
         Access::signed_in, {}, [](Context& ctx, const Json&) {
           return Json{{"revoked", ctx.platform.auth().revoke_other_sessions(ctx.actor)}};
         }});
}

}  // namespace fitkit::api
