// Operations of what goes with results beyond the leaderboard: photos (events.results.photos.*)
// and a user's race records (users.race_records).
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/result_json.hpp"
#include "fitkit/organisations.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/results.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kPhotos = "events.results.photos.list";

ResultService& service(Context& ctx) { return ctx.platform.results(); }

const ParamSpec kPhotoId{"photo_id", ParamType::id, true, "rph_… id", IdKind::result_photo};
const ParamSpec kLinkToken{"link_token", ParamType::string, false, "the link token of an unlisted event", {},
                           true, 100};

std::int64_t photo_id(const Json& p) { return id(p, "photo_id", IdKind::result_photo); }

}  // namespace

void add_result_photo_operations(Registry& r) {
  r.add({"events.results.photos.add",
         "Add a photo to the event's results: PNG, JPEG or WebP, at most 5 MiB, of one participant if tagged "
         "(organizers; once the event is under way)",
         HttpMethod::post, "/v1/events/{event_id}/results/photos", Access::signed_in,
         {kEventId,
          {"file", ParamType::file, true, "the image", {}, false, kPictureMaxBytes},
          {"registration_id", ParamType::id, false, "the participant it shows (reg_… id)", IdKind::registration},
          {"caption", ParamType::string, false, "what it shows", {}, false, 4 * kResultPhotoCaptionMaxChars}},
         [](Context& ctx, const Json& p) {
           return events::result_photo_json(service(ctx).add_photo(ctx.actor, event_id(p), file_bytes(p, "file"),
                                                                   opt_id(p, "registration_id", IdKind::registration),
                                                                   opt_str(p, "caption")));
         }});
  r.add({"events.results.photos.list", "The photos of the event's results, newest first; of one participant if asked",
         HttpMethod::get, "/v1/events/{event_id}/results/photos", Access::anyone,
         paging_params({kEventId,
                        {"registration_id", ParamType::id, false, "only those of this participant (reg_… id)",
                         IdKind::registration},
                        kLinkToken}),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           const auto photos = service(ctx).photos(ctx.actor, event_id(p),
                                                   opt_id(p, "registration_id", IdKind::registration),
                                                   id_position(kPhotos, page.cursor), page.limit,
                                                   opt_str(p, "link_token").value_or(""));
           return page_json(photos, events::result_photo_json,
                            [](const ResultPhoto& photo) { return id_cursor(kPhotos, photo.id); });
         },
         "items"});
  r.add(file_operation({"events.results.photos.get", "A photo of an event's results, as the image file",
                        HttpMethod::get, "/v1/result-photos/{photo_id}/file", Access::anyone, {kPhotoId, kLinkToken},
                        [](Context& ctx, const Json& p) {
                          const auto f =
                              service(ctx).photo(ctx.actor, photo_id(p), opt_str(p, "link_token").value_or(""));
                          return picture_result(str(p, "photo_id"), f.photo.content_type, f.bytes);
                        }}));
  r.add({"events.results.photos.remove", "Remove a photo of the event's results (organizers)", HttpMethod::del,
         "/v1/result-photos/{photo_id}", Access::signed_in, {kPhotoId}, [](Context& ctx, const Json& p) {
           service(ctx).remove_photo(ctx.actor, photo_id(p));
           return Json{{"status", "deleted"}};
         }});
  r.add({"events.results.photos.untag",
         "Take the participant's tag off a photo (the participant it shows, or organizers)", HttpMethod::post,
         "/v1/result-photos/{photo_id}/untag", Access::signed_in, {kPhotoId}, [](Context& ctx, const Json& p) {
           return events::result_photo_json(service(ctx).untag_photo(ctx.actor, photo_id(p)));
         }});
  r.add({"users.race_records",
         "A user's fastest official race per sport and distance, if their profile is visible to you", HttpMethod::get,
         "/v1/users/{user_id}/race-records", Access::anyone,
         {{"user_id", ParamType::id, true, "usr_… id", IdKind::user}}, [](Context& ctx, const Json& p) {
           Json items = Json::array();
           for (const auto& record : service(ctx).race_records(ctx.actor, id(p, "user_id", IdKind::user)))
             items.push_back(events::race_record_json(record));
           return Json{{"records", std::move(items)}};
         },
         "records"});
}

}  // namespace fitkit::api
