// Operations of sign-up, sign-in and credentials: auth.*
#include "accounts/qr.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "core/crypto.hpp"
#include "fitkit/accounts.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

ParamSpec text(std::string name, bool required, std::string help) {
  return {std::move(name), ParamType::string, required, std::move(help)};
}

Json token_json(const TokenPair& t) {
  return {{"access_token", t.access_token},
          {"token_type", "Bearer"},
          {"expires_in", t.expires_in_s},
          {"refresh_token", t.refresh_token},
          {"session_id", format_id(IdKind::session, t.session_id)},
          {"user_id", format_id(IdKind::user, t.user_id)}};
}

const Json kAccepted = {{"status", "accepted"}};

}  // namespace

void add_account_operations(Registry& r) {
  r.add({"auth.register", "Create an account; a verification link goes to the email address", HttpMethod::post,
         "/v1/auth/register", Access::anyone,
         {text("email", true, "email address"), secret_param("password", true, "15 to 128 characters"),
          text("nickname", false, "public name, 3-30 letters, digits, _ . -"),
          text("language", false, "en or ru: the language of mail (default en)")},
         [](Context& ctx, const Json& p) {
           Registration reg{str(p, "email"), str(p, "password"), opt_str(p, "nickname"),
                            opt_str(p, "language").value_or("en")};
           ctx.platform.accounts().register_user(ctx.actor, reg);
           return Json{{"status", "pending"},
                       {"message", "check your mailbox for a link to confirm the address"}};
         }});
  r.add({"auth.verify_email", "Confirm an email address with the token from the mail", HttpMethod::post,
         "/v1/auth/verify-email", Access::anyone, {secret_param("token", true, "the token= value of the link")},
         [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.accounts().verify_email(ctx.actor, str(p, "token")));
         }});
  r.add({"auth.verify_email.resend", "Send the verification link again", HttpMethod::post,
         "/v1/auth/verify-email/resend", Access::anyone, {text("email", true, "email address")},
         [](Context& ctx, const Json& p) {
           ctx.platform.accounts().resend_verification(ctx.actor, str(p, "email"));
           return kAccepted;
         }});
  r.add({"auth.login", "Sign in; returns an access token and a refresh token", HttpMethod::post, "/v1/auth/login",
         Access::anyone,
         {text("email", true, "email address"), secret_param("password", true, "password"),
          secret_param("totp_code", false, "6-digit code, once two-factor sign-in is on"),
          secret_param("recovery_code", false, "a recovery code instead of the TOTP code"),
          text("device_name", false, "a name for this session, e.g. 'Pixel 8'")},
         [](Context& ctx, const Json& p) {
           Credentials c{str(p, "email"), str(p, "password"), opt_str(p, "totp_code"), opt_str(p, "recovery_code"),
                         opt_str(p, "device_name").value_or("")};
           return token_json(ctx.platform.auth().login(ctx.actor, c));
         }});
  r.add({"auth.refresh", "Exchange a refresh token for new tokens (the old one stops working)", HttpMethod::post,
         "/v1/auth/refresh", Access::anyone, {secret_param("refresh_token", true, "the refresh token")},
         [](Context& ctx, const Json& p) {
           return token_json(ctx.platform.auth().refresh(ctx.actor, str(p, "refresh_token")));
         }});
  r.add({"auth.logout", "End the current session", HttpMethod::post, "/v1/auth/logout", Access::signed_in, {},
         [](Context& ctx, const Json&) {
           ctx.platform.auth().logout(ctx.actor);
           return Json{{"status", "signed_out"}};
         }});
  r.add({"auth.password_reset.request", "Mail a password-reset link (same answer for unknown addresses)",
         HttpMethod::post, "/v1/auth/password-reset", Access::anyone, {text("email", true, "email address")},
         [](Context& ctx, const Json& p) {
           ctx.platform.accounts().request_password_reset(ctx.actor, str(p, "email"));
           return kAccepted;
         }});
  r.add({"auth.password_reset.confirm", "Set a new password with the token from the mail; ends every session",
         HttpMethod::post, "/v1/auth/password-reset/confirm", Access::anyone,
         {secret_param("token", true, "the token= value of the link"), secret_param("password", true, "the new password")},
         [](Context& ctx, const Json& p) {
           ctx.platform.accounts().reset_password(ctx.actor, str(p, "token"), str(p, "password"));
           return Json{{"status", "password_changed"}};
         }});
  r.add({"auth.password.change", "Change your password (needs the current one); ends your other sessions",
         HttpMethod::post, "/v1/me/password", Access::signed_in,
         {secret_param("current_password", true, "your current password"), secret_param("new_password", true, "the new one")},
         [](Context& ctx, const Json& p) {
           ctx.platform.accounts().change_password(ctx.actor, str(p, "current_password"), str(p, "new_password"));
           return Json{{"status", "password_changed"}};
         }});
  r.add({"auth.email.change", "Ask to change your email; a link goes to the new address", HttpMethod::post,
         "/v1/me/email", Access::signed_in,
         {secret_param("password", true, "your current password"), text("new_email", true, "the new address")},
         [](Context& ctx, const Json& p) {
           ctx.platform.accounts().request_email_change(ctx.actor, str(p, "password"), str(p, "new_email"));
           return kAccepted;
         }});
  r.add({"auth.email.confirm", "Confirm a new email address with the token from the mail", HttpMethod::post,
         "/v1/auth/email/confirm", Access::anyone, {secret_param("token", true, "the token= value of the link")},
         [](Context& ctx, const Json& p) {
           return user_json(ctx.platform.accounts().confirm_email_change(ctx.actor, str(p, "token")));
         }});
  r.add({"auth.totp.enroll", "Start two-factor sign-in: a secret, its otpauth:// URI and a QR code",
         HttpMethod::post, "/v1/me/totp", Access::signed_in,
         {secret_param("password", true, "your current password"), text("qr", false, "none, text (terminal) or png")},
         [](Context& ctx, const Json& p) {
           auto e = ctx.platform.auth().enroll_totp(ctx.actor, str(p, "password"));
           Json out{{"secret", e.secret}, {"otpauth_uri", e.uri}};
           const auto qr = opt_str(p, "qr").value_or("none");
           if (qr == "text") out["qr_text"] = accounts::qr_terminal(e.uri);
           else if (qr == "png") out["qr_png_base64"] = crypto::base64_encode(accounts::qr_png(e.uri));
           else if (qr != "none") throw Error::invalid("qr", "qr must be none, text or png");
           return out;
         }});
  r.add({"auth.totp.confirm", "Turn two-factor sign-in on with a first code; returns ten recovery codes",
         HttpMethod::post, "/v1/me/totp/confirm", Access::signed_in, {secret_param("code", true, "6-digit code")},
         [](Context& ctx, const Json& p) {
           return Json{{"recovery_codes", ctx.platform.auth().confirm_totp(ctx.actor, str(p, "code"))}};
         }});
  r.add({"auth.totp.disable", "Turn two-factor sign-in off (password and a code)", HttpMethod::post,
         "/v1/me/totp/disable", Access::signed_in,
         {secret_param("password", true, "your current password"), secret_param("code", true, "a TOTP or recovery code")},
         [](Context& ctx, const Json& p) {
           ctx.platform.auth().disable_totp(ctx.actor, str(p, "password"), str(p, "code"));
           return Json{{"two_factor", false}};
         }});
}

}  // namespace fitkit::api
