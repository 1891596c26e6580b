// Reviews: the owner rates an item they own and may write about it; one review per item.
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_policy.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"

namespace fitkit {
namespace {

std::optional<GearReview> find_review(storage::Connection& c, std::int64_t gear_id) {
  std::optional<GearReview> out;
  c.query("SELECT id, gear_id, brand, model, rating, body, created_at, updated_at FROM gear_reviews WHERE gear_id = ?",
          {gear_id}, [&](const storage::Row& r) {
            out = GearReview{r.i64(0),      r.i64(1), r.text(2), r.text(3), static_cast<int>(r.i64(4)),
                             r.opt_text(5), r.i64(6), r.i64(7)};
          });
  return out;
}

// The item, if the actor may review it; not_found otherwise, as for any item not theirs.
GearItem reviewable_item(storage::Connection& c, const Actor& actor, std::int64_t gear_id) {
  gear::require_gear_owner(actor);
  auto item = gear::find_item(c, gear_id);
  if (!item || !gear::policy::can_review_item(actor, item->user_id)) throw Error::not_found("no such gear item");
  return std::move(*item);
}

}  // namespace

GearReview GearService::set_review(const Actor& actor, std::int64_t gear_id, int rating,
                                   const Change<std::string>& text) {
  if (rating < 1 || rating > 5) throw Error::invalid("rating", "rating must be a whole number from 1 to 5");
  std::optional<std::string> body;
  if (text && *text) {
    auto clean = gear::multi_line(**text, gear::kReviewMaxBytes, "text");
    if (!clean.empty()) body = std::move(clean);
  }
  auto c = rt_.db->acquire();
  const auto item = reviewable_item(*c, actor, gear_id);
  if (!item.brand || !item.model)
    throw Error::precondition(
        "give the item a brand and a model before reviewing it: the catalogue lists reviews by them",
        item.brand ? "model" : "brand");
  const auto brand_key = gear::catalogue_key(*item.brand, "brand");
  const auto model_key = gear::catalogue_key(*item.model, "model");
  const auto now = rt_.now();
  storage::Transaction tx(*c);
  // An edit that gives no text keeps the one written before; a null text removes it.
  const bool keep_text = !text.has_value();
  c->exec(
      "INSERT INTO gear_reviews (id, gear_id, user_id, brand, model, brand_key, model_key, rating, body,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (gear_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at," +
          std::string(keep_text ? " body = gear_reviews.body" : " body = excluded.body"),
      {rt_.next_id(), gear_id, actor.user_id, *item.brand, *item.model, brand_key, model_key, rating, body, now, now});
  auto out = find_review(*c, gear_id);
  tx.commit();
  if (!out) throw Error::internal("the review could not be read back");
  return *out;
}

GearReview GearService::review(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  reviewable_item(*c, actor, gear_id);
  auto out = find_review(*c, gear_id);
  if (!out) throw Error::not_found("this item has no review");
  return *out;
}

void GearService::delete_review(const Actor& actor, std::int64_t gear_id) {
  auto c = rt_.db->acquire();
  reviewable_item(*c, actor, gear_id);
  if (c->exec("DELETE FROM gear_reviews WHERE gear_id = ?", {gear_id}) == 0)
    throw Error::not_found("this item has no review");
}

}  // namespace fitkit
