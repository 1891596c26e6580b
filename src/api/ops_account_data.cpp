// Operations on the rest of an account's data: phone.*, profile.avatar.*, metrics.*, account.* and users.delete.
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "core/crypto.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

// Base64 of the largest avatar that AuthSettings allows by default, with room to spare.
constexpr std::size_t kMaxImageBase64 = 16 * 1024 * 1024;

Json metrics_json(const MetricsEntry& e) {
  auto opt = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"date", e.date},
          {"weight_kg", opt(e.weight_kg)},
          {"height_cm", opt(e.height_cm)},
          {"resting_hr", opt(e.resting_hr)},
          {"recorded_at", time_json(e.recorded_at)}};
}

// The service names the image "image"; callers of the operation sent image_base64.
void set_avatar(Context& ctx, const std::string& image_base64) {
  auto bytes = crypto::base64_decode(image_base64);
  if (!bytes) throw Error::invalid("image_base64", "image_base64 is not valid base64 (standard alphabet, padded)");
  try {
    ctx.platform.account_data().set_avatar(ctx.actor, *bytes);
  } catch (const Error& e) {
    if (e.field() != "image") throw;
    throw Error(e.code(), e.what(), "image_base64");
  }
}

// A user has one row a day: the day alone orders them.
constexpr std::string_view kMetricsList = "metrics.list";

const ParamSpec kDate{"date", ParamType::string, true, "the day, YYYY-MM-DD"};

}  // namespace

void add_account_data_operations(Registry& r) {
  r.add({"phone.verify.start", "Send a 6-digit code by SMS to verify a phone number", HttpMethod::post,
         "/v1/me/phone/verification", Access::signed_in,
         {{"phone", ParamType::string, true, "E.164 number, e.g. +15551234567", {}, false, 16}},
         [](Context& ctx, const Json& p) {
           auto v = ctx.platform.account_data().start_phone_verification(ctx.actor, str(p, "phone"));
           return Json{{"status", "sent"},
                       {"phone", v.phone},
                       {"expires_at", time_json(v.expires_at)},
                       {"resend_after", time_json(v.resend_after)}};
         }});
  r.add({"phone.verify.confirm", "Confirm the phone number with the code from the SMS", HttpMethod::post,
         "/v1/me/phone/verification/confirm", Access::signed_in, {secret_param("code", true, "the 6-digit code")},
         [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.account_data().confirm_phone(ctx.actor, str(p, "code")));
         }});
  r.add({"phone.remove", "Remove your verified phone number", HttpMethod::del, "/v1/me/phone", Access::signed_in, {},
         [](Context& ctx, const Json&) { return user_json(ctx.platform.account_data().remove_phone(ctx.actor)); }});

  r.add({"profile.avatar.set", "Upload your avatar: PNG, JPEG, WebP or GIF, at most 5 MiB", HttpMethod::put,
         "/v1/me/avatar", Access::signed_in,
         {{"image_base64", ParamType::string, true, "the image file in base64", {}, false, kMaxImageBase64}},
         [](Context& ctx, const Json& p) {
           set_avatar(ctx, str(p, "image_base64"));
           return Json{{"status", "saved"}};
         }});
  r.add({"profile.avatar.get", "Someone's avatar, if their profile is visible to you", HttpMethod::get,
         "/v1/users/{user_id}/avatar", Access::anyone, {{"user_id", ParamType::id, true, "usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           auto a = ctx.platform.account_data().avatar(ctx.actor, id(p, "user_id", IdKind::user));
           return Json{{"content_type", a.content_type}, {"image_base64", crypto::base64_encode(a.bytes)}};
         }});
  r.add({"profile.avatar.delete", "Remove your avatar", HttpMethod::del, "/v1/me/avatar", Access::signed_in, {},
         [](Context& ctx, const Json&) {
           ctx.platform.account_data().delete_avatar(ctx.actor);
           return Json{{"status", "deleted"}};
         }});

  r.add({"metrics.record", "Record your weight, height or resting heart rate for a day", HttpMethod::put,
         "/v1/me/metrics/{date}", Access::signed_in,
         {kDate, {"weight_kg", ParamType::number, false, "weight in kilograms, 20 to 650"},
          {"height_cm", ParamType::number, false, "height in centimetres, 50 to 272"},
          {"resting_hr", ParamType::integer, false, "resting heart rate in beats per minute, 20 to 250"}},
         [](Context& ctx, const Json& p) {
           MetricsEntry e;
           e.date = str(p, "date");
           e.weight_kg = opt_num(p, "weight_kg");
           e.height_cm = opt_num(p, "height_cm");
           if (auto hr = opt_int(p, "resting_hr")) {
             if (*hr < 0 || *hr > 1000) throw Error::invalid("resting_hr", "resting_hr must be between 20 and 250");
             e.resting_hr = static_cast<int>(*hr);
           }
           return metrics_json(ctx.platform.account_data().record_metrics(ctx.actor, e));
         }});
  r.add({"metrics.list", "Your recorded metrics by day, oldest first (yours only: health data)", HttpMethod::get,
         "/v1/me/metrics", Access::signed_in,
         paging_params({{"from", ParamType::string, false, "first day, YYYY-MM-DD"},
                        {"to", ParamType::string, false, "last day, YYYY-MM-DD"}}),
         [](Context& ctx, const Json& p) {
           MetricsQuery q;
           q.from = opt_str(p, "from");
           q.to = opt_str(p, "to");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kMetricsList, *page.cursor);
             q.after = reader.text();  // the day, checked by the service
             reader.finish();
           }
           q.limit = page.limit;
           return page_json(ctx.platform.account_data().metrics(ctx.actor, q), metrics_json, [](const MetricsEntry& e) {
             return CursorWriter(kMetricsList).text(e.date).finish();
           });
         },
         "items"});
  r.add({"metrics.delete", "Delete what you recorded for a day", HttpMethod::del, "/v1/me/metrics/{date}",
         Access::signed_in, {kDate}, [](Context& ctx, const Json& p) {
           ctx.platform.account_data().delete_metrics(ctx.actor, str(p, "date"));
           return Json{{"status", "deleted"}};
         }});

  r.add({"account.delete", "Delete your account and personal data for good (needs your password)", HttpMethod::post,
         "/v1/me/delete", Access::signed_in,
         {secret_param("password", true, "your password"),
          secret_param("code", false, "with two-factor sign-in on: the authenticator or a recovery code")},
         [](Context& ctx, const Json& p) {
           ctx.platform.account_data().delete_account(ctx.actor, str(p, "password"), opt_str(p, "code"));
           return Json{{"status", "deleted"}};
         }});
  r.add({"users.delete", "Delete an account and its personal data (admins; not your own)", HttpMethod::del,
         "/v1/users/{user_id}", Access::signed_in, {{"user_id", ParamType::id, true, "usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           ctx.platform.account_data().delete_user(ctx.actor, id(p, "user_id", IdKind::user));
           return Json{{"status", "deleted"}};
         }});
  Operation export_op{"account.export", "Everything held about you, as one JSON document", HttpMethod::get,
                      "/v1/me/export", Access::signed_in, {}, [](Context& ctx, const Json&) {
                        return Json::parse(ctx.platform.account_data().export_data(ctx.actor));
                      }};
  export_op.read_snapshot = false;  // it records an audit entry
  r.add(std::move(export_op));
}

}  // namespace fitkit::api
