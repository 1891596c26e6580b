// Operations on the caller's own sessions: sessions.*
#include "api/registry.hpp"
#include "api/views.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {

void add_session_operations(Registry& r) {
  r.add({"sessions.list", "Your signed-in sessions (devices)", HttpMethod::get, "/v1/sessions", Access::signed_in, {},
         [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& s : ctx.platform.auth().sessions(ctx.actor))
             items.push_back({{"id", format_id(IdKind::session, s.id)},
                              {"device_name", s.device_name},
                              {"user_agent", s.user_agent},
                              {"ip", s.ip},
                              {"created_at", time_json(s.created_at)},
                              {"last_seen_at", time_json(s.last_seen_at)},
                              {"current", s.current}});
           return page_json(std::move(items), std::nullopt);
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
