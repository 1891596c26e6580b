// Operations on gear reviews: gear.reviews.* (the owner's review of an item) and the public
// catalogue, gear.catalogue and gear.catalogue.reviews, which never name an author.
#include "api/cursor.hpp"
#include "api/ops_gear.hpp"
#include "api/views.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kCatalogue = "gear.catalogue";
constexpr std::string_view kCatalogueReviews = "gear.catalogue.reviews";

std::vector<ParamSpec> model_filters() {
  return paging_params({{"brand", ParamType::string, false, "only this brand (any case)", {}, false, 100},
                        {"model", ParamType::string, false, "only this model (any case)", {}, false, 100}});
}

}  // namespace

void add_gear_review_operations(Registry& r) {
  r.add({"gear.reviews.set",
         "Rate and review an item you own (one review per item; again to edit)",
         HttpMethod::put,
         "/v1/gear/{gear_id}/review",
         Access::signed_in,
         {gear_id_param(),
          {"rating", ParamType::integer, true, "1 to 5"},
          {"text", ParamType::string, false, "what you think of it; null removes the text", {}, false, 4000}},
         [](Context& ctx, const Json& p) {
           const auto rating = *opt_int(p, "rating");
           if (rating < 1 || rating > 5) throw Error::invalid("rating", "rating must be a whole number from 1 to 5");
           return gear_review_json(ctx.platform.gear().set_review(ctx.actor, id(p, "gear_id", IdKind::gear),
                                                                  static_cast<int>(rating), text_change(p, "text")));
         }});
  r.add({"gear.reviews.get",
         "Your review of an item",
         HttpMethod::get,
         "/v1/gear/{gear_id}/review",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           return gear_review_json(ctx.platform.gear().review(ctx.actor, id(p, "gear_id", IdKind::gear)));
         }});
  r.add({"gear.reviews.delete",
         "Delete your review of an item",
         HttpMethod::del,
         "/v1/gear/{gear_id}/review",
         Access::signed_in,
         {gear_id_param()},
         [](Context& ctx, const Json& p) {
           ctx.platform.gear().delete_review(ctx.actor, id(p, "gear_id", IdKind::gear));
           return Json{{"status", "deleted"}};
         }});

  r.add({"gear.catalogue", "Gear as people rate it: brand and model, average rating, recent reviews (public)",
         HttpMethod::get, "/v1/gear/catalogue", Access::anyone, model_filters(),
         [](Context& ctx, const Json& p) {
           CatalogueQuery q;
           q.brand = opt_str(p, "brand");
           q.model = opt_str(p, "model");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kCatalogue, *page.cursor);
             auto brand = reader.text();
             auto model = reader.text();
             reader.finish();
             q.after = std::pair{std::move(brand), std::move(model)};
           }
           q.limit = page.limit;
           return page_json(ctx.platform.gear().catalogue(ctx.actor, q), catalogue_entry_json,
                            [](const CatalogueEntry& e) {
                              return CursorWriter(kCatalogue).text(e.brand_key).text(e.model_key).finish();
                            });
         },
         "items"});
  r.add({"gear.catalogue.reviews", "Reviews of gear, newest first, without their authors (public)", HttpMethod::get,
         "/v1/gear/catalogue/reviews", Access::anyone, model_filters(),
         [](Context& ctx, const Json& p) {
           CatalogueReviewQuery q;
           q.brand = opt_str(p, "brand");
           q.model = opt_str(p, "model");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kCatalogueReviews, *page.cursor);
             const auto at = reader.integer();
             const auto review = reader.integer();
             reader.finish();
             q.before = std::pair{at, review};
           }
           q.limit = page.limit;
           return page_json(ctx.platform.gear().catalogue_reviews(ctx.actor, q), catalogue_review_json,
                            [](const CatalogueReview& r) {
                              return CursorWriter(kCatalogueReviews).integer(r.updated_at).integer(r.position).finish();
                            });
         },
         "items"});
}

}  // namespace fitkit::api
