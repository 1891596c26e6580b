// Operations on organisations: orgs.* and orgs.members.*.
#include "api/cursor.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "core/text_rules.hpp"
#include "events/event_json.hpp"
#include "fitkit/organisations.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

using events::member_json;
using events::organisation_json;

constexpr std::string_view kOrgsList = "orgs.list";

OrganisationService& orgs(Context& ctx) { return ctx.platform.organisations(); }

const ParamSpec kOrgId{"org_id", ParamType::id, true, "org_… id", IdKind::organisation};

std::vector<ParamSpec> org_params(bool create) {
  return {{"name", ParamType::string, create, "its name, up to 100 characters; unique", {}, false, 400},
          {"kind", ParamType::string, create, "federation, club, sports_organisation or brand", {}, false, 40},
          {"description", ParamType::string, false, "what it is, up to 4000 characters; \"\" clears it", {}, false, 16000},
          {"contact_email", ParamType::string, false, "an email address; \"\" clears it", {}, false, 320},
          {"contact_phone", ParamType::string, false, "a phone number in E.164 form; \"\" clears it", {}, false, 20},
          {"website", ParamType::string, false, "an https:// address; \"\" clears it", {}, false, 500}};
}

OrganisationFields org_fields(const Json& p) {
  OrganisationFields f;
  f.name = opt_str(p, "name");
  f.kind = opt_str(p, "kind");
  f.description = text_change(p, "description");
  f.contact_email = text_change(p, "contact_email");
  f.contact_phone = text_change(p, "contact_phone");
  f.website = text_change(p, "website");
  return f;
}

}  // namespace

void add_organisation_operations(Registry& r) {
  r.add({"orgs.create", "Found an organisation (a federation, club, sports organisation or brand); you are its owner",
         HttpMethod::post, "/v1/orgs", Access::signed_in, org_params(true), [](Context& ctx, const Json& p) {
           return organisation_json(orgs(ctx).create(ctx.actor, org_fields(p)));
         }});
  r.add({"orgs.get", "One organisation", HttpMethod::get, "/v1/orgs/{org_id}", Access::anyone, {kOrgId},
         [](Context& ctx, const Json& p) {
           return organisation_json(orgs(ctx).get(ctx.actor, id(p, "org_id", IdKind::organisation)));
         }});
  r.add({"orgs.list", "Organisations by name", HttpMethod::get, "/v1/orgs", Access::anyone,
         paging_params({{"search", ParamType::string, false, "words of the name", {}, false, 400},
                        {"kind", ParamType::string, false, "only this kind", {}, false, 40},
                        {"mine", ParamType::boolean, false, "only those you are a member of"}}),
         [](Context& ctx, const Json& p) {
           OrganisationQuery q;
           q.search = opt_str(p, "search");
           q.kind = opt_str(p, "kind");
           q.mine = opt_bool(p, "mine").value_or(false);
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader cursor(kOrgsList, *page.cursor);
             auto key = cursor.text();
             auto after = cursor.integer();
             cursor.finish();
             q.after = std::pair{std::move(key), after};
           }
           q.limit = page.limit;
           return page_json(orgs(ctx).list(ctx.actor, q), [](const Organisation& o) { return organisation_json(o); },
                            [](const Organisation& o) {
                              return CursorWriter(kOrgsList).text(text::text_key(o.name)).integer(o.id).finish();
                            });
         },
         "items"});
  auto update_params = org_params(false);
  update_params.insert(update_params.begin(), kOrgId);
  r.add({"orgs.update", "Change an organisation (its owners and admins)", HttpMethod::patch, "/v1/orgs/{org_id}",
         Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return organisation_json(orgs(ctx).update(ctx.actor, id(p, "org_id", IdKind::organisation), org_fields(p)));
         }});
  r.add({"orgs.delete", "Delete an organisation that has no events (its owners)", HttpMethod::del, "/v1/orgs/{org_id}",
         Access::signed_in, {kOrgId}, [](Context& ctx, const Json& p) {
           orgs(ctx).remove(ctx.actor, id(p, "org_id", IdKind::organisation));
           return Json{{"status", "deleted"}};
         }});
  r.add({"orgs.members.list", "The members of an organisation and their roles (members only)", HttpMethod::get,
         "/v1/orgs/{org_id}/members", Access::signed_in, {kOrgId}, [](Context& ctx, const Json& p) {
           Json items = Json::array();
           for (const auto& m : orgs(ctx).members(ctx.actor, id(p, "org_id", IdKind::organisation)))
             items.push_back(member_json(m));
           return Json{{"members", std::move(items)}};
         },
         "members"});
  r.add({"orgs.members.set", "Add a member or change their role: owner, admin, organizer or member", HttpMethod::put,
         "/v1/orgs/{org_id}/members/{user_id}", Access::signed_in,
         {kOrgId,
          {"user_id", ParamType::id, true, "usr_… id", IdKind::user},
          {"role", ParamType::string, true, "owner, admin, organizer or member", {}, false, 20}},
         [](Context& ctx, const Json& p) {
           return member_json(orgs(ctx).set_member(ctx.actor, id(p, "org_id", IdKind::organisation),
                                                   id(p, "user_id", IdKind::user), str(p, "role")));
         }});
  r.add({"orgs.members.remove", "Remove a member, or leave", HttpMethod::del, "/v1/orgs/{org_id}/members/{user_id}",
         Access::signed_in, {kOrgId, {"user_id", ParamType::id, true, "usr_… id", IdKind::user}},
         [](Context& ctx, const Json& p) {
           orgs(ctx).remove_member(ctx.actor, id(p, "org_id", IdKind::organisation), id(p, "user_id", IdKind::user));
           return Json{{"status", "removed"}};
         }});
  r.add({"orgs.logo.set", "Set the organisation's logo: PNG, JPEG or WebP, at most 5 MiB", HttpMethod::put,
         "/v1/orgs/{org_id}/logo", Access::signed_in,
         {kOrgId, {"logo", ParamType::file, true, "the image file", {}, false, kPictureMaxBytes}},
         [](Context& ctx, const Json& p) {
           return organisation_json(
               orgs(ctx).set_logo(ctx.actor, id(p, "org_id", IdKind::organisation), file_bytes(p, "logo")));
         }});
  Operation logo_get{"orgs.logo.get", "The organisation's logo, as the image file", HttpMethod::get,
                     "/v1/orgs/{org_id}/logo", Access::anyone, {kOrgId}, [](Context& ctx, const Json& p) {
                       const auto org_id = id(p, "org_id", IdKind::organisation);
                       const auto logo = orgs(ctx).logo(ctx.actor, org_id);
                       return picture_result(format_id(IdKind::organisation, org_id) + "-logo", logo.content_type,
                                             logo.bytes);
                     }};
  logo_get.returns_file = true;
  r.add(std::move(logo_get));
  r.add({"orgs.logo.delete", "Remove the organisation's logo", HttpMethod::del, "/v1/orgs/{org_id}/logo",
         Access::signed_in, {kOrgId}, [](Context& ctx, const Json& p) {
           return organisation_json(orgs(ctx).delete_logo(ctx.actor, id(p, "org_id", IdKind::organisation)));
         }});
}

}  // namespace fitkit::api
