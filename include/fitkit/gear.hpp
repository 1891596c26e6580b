// Gear: shoes, bikes, clothing and equipment, their wear from the workouts they are used in,
// wear limits and the notices they give, and reviews.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"
#include "fitkit/profiles.hpp"  // Change<T>

namespace fitkit {

struct Runtime;

// The closed list of categories, in the order of docs/gear.md.
const std::vector<std::string_view>& gear_categories() noexcept;

// What an item has been used for, summed whenever it is read: its starting values plus its
// workouts (and, for a component, its parents' workouts while it was installed), and the
// counters kept by hand.
struct GearUsage {
  double distance_m = 0;
  double moving_s = 0;
  std::int64_t uses = 0;                           // workouts, plus the starting count
  std::map<std::string, std::int64_t> counters;   // "washes" -> 12
};

// A wear limit: on distance (metres), moving time (seconds), uses, or a named counter.
struct WearLimit {
  std::string metric;                  // distance_m, moving_s, uses, counter
  std::optional<std::string> counter;  // for metric "counter"
  double amount = 0;
};

struct GearItem {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string category;
  std::string name;
  std::optional<std::string> brand, model;
  std::optional<std::string> purchased_on, warranty_until;  // YYYY-MM-DD
  std::optional<std::string> price, currency;               // "129.99", "EUR"
  double start_distance_m = 0, start_moving_s = 0;
  std::int64_t start_uses = 0;
  std::map<std::string, std::string> custom_fields;  // colour, size, material, …
  std::vector<std::string> collections;              // sorted
  std::optional<std::int64_t> parent_id;             // the item a component is installed on
  std::optional<std::int64_t> installed_at;          // since when, epoch ms
  std::int64_t components = 0;                       // installed on this item now
  std::optional<std::string> photo_type;
  std::optional<std::int64_t> archived_at;
  GearUsage usage;
  std::optional<WearLimit> limit;  // the item's own, else its category's
  std::string limit_source;        // "item", "category", or empty
  std::optional<double> wear_percent;
  std::string status;              // new, in_use, needs_attention, replace
  std::int64_t created_at = 0, updated_at = 0;
};

// Fields of a new item or of a change. On create, category is required, and name unless brand
// or model gives one; on update an empty field keeps its value and Change's inner empty clears.
struct GearFields {
  std::optional<std::string> category, name;
  Change<std::string> brand, model, purchased_on, warranty_until, price, currency;
  std::optional<double> start_distance_m, start_moving_s;
  std::optional<std::int64_t> start_uses;
  std::optional<std::map<std::string, std::string>> custom_fields;  // replaces them all
  std::optional<std::vector<std::string>> collections;              // replaces them all
  // Create only: install the new item on this parent at once (installed_on: YYYY-MM-DD).
  std::optional<std::int64_t> parent_id;
  std::optional<std::string> installed_on;
};

struct GearQuery {
  std::optional<std::string> category, collection;
  bool archived = false;                  // archived items instead of those in use
  std::optional<std::int64_t> parent_id;  // the components installed on this item now
  std::optional<std::int64_t> before;     // position: newest first, so ids below this
  int limit = kPageLimitDefault;
};

struct UsageEntry {
  std::int64_t id = 0;
  std::int64_t gear_id = 0;
  std::string counter;
  std::int64_t count = 0;
  std::string date;  // YYYY-MM-DD
  std::optional<std::string> note;
  std::int64_t created_at = 0;
};

struct UsageQuery {
  std::optional<std::int64_t> gear_id;
  std::optional<std::string> counter;
  std::optional<std::pair<std::string, std::int64_t>> before;  // position: (date, id), newest first
  int limit = kPageLimitDefault;
};

struct GearDefault {
  std::string sport;
  std::vector<std::int64_t> gear_ids;
};

struct CategoryLimit {
  std::string category;
  WearLimit limit;
  std::int64_t updated_at = 0;
};

struct Collection {
  std::string name;
  std::int64_t items = 0;
};

struct GearReview {
  std::int64_t id = 0;
  std::int64_t gear_id = 0;
  std::string brand, model;
  int rating = 0;
  std::optional<std::string> text;
  std::int64_t created_at = 0, updated_at = 0;
};

// A review as the catalogue shows it: no author, no item.
struct CatalogueReview {
  std::string brand, model;
  int rating = 0;
  std::optional<std::string> text;
  std::int64_t updated_at = 0;
  std::int64_t position = 0;  // its place in catalogue_reviews' order, for a cursor; never shown
};

struct CatalogueEntry {
  std::string brand, model;
  std::string brand_key, model_key;  // the grouping keys: case-folded NFKC
  double rating_average = 0;
  std::int64_t rating_count = 0;
  std::vector<CatalogueReview> recent;  // the newest with a text, at most kCatalogueRecentReviews
};
inline constexpr int kCatalogueRecentReviews = 3;

struct CatalogueQuery {
  std::optional<std::string> brand, model;                     // exact, compared as keys
  std::optional<std::pair<std::string, std::string>> after;    // position: (brand_key, model_key)
  int limit = kPageLimitDefault;
};

struct CatalogueReviewQuery {
  std::optional<std::string> brand, model;
  std::optional<std::pair<std::int64_t, std::int64_t>> before;  // position: (updated_at, id)
  int limit = kPageLimitDefault;
};

class GearService {
 public:
  explicit GearService(Runtime& rt) : rt_(rt) {}

  // Items: the owner's alone. Anyone else, admins included, gets not_found for an item that
  // exists, word for word as for one that does not; callers that are not users are
  // unauthenticated (the system owns no gear).
  GearItem create(const Actor& actor, const GearFields& fields);
  GearItem get(const Actor& actor, std::int64_t gear_id);
  Page<GearItem> list(const Actor& actor, const GearQuery& query);  // newest first
  GearItem update(const Actor& actor, std::int64_t gear_id, const GearFields& fields);
  GearItem archive(const Actor& actor, std::int64_t gear_id);
  GearItem unarchive(const Actor& actor, std::int64_t gear_id);
  // Deletes the item, its photo, log, review and its rows in workout_gear. What its components
  // had gained through it is added to their starting values, so that their totals stay.
  void remove(const Actor& actor, std::int64_t gear_id);

  // Photo: PNG, JPEG or WebP, told by its first bytes, at most kGearPhotoMaxBytes.
  GearItem set_photo(const Actor& actor, std::int64_t gear_id, std::string_view bytes);
  struct Photo {
    std::string content_type, bytes;
  };
  Photo photo(const Actor& actor, std::int64_t gear_id);
  GearItem delete_photo(const Actor& actor, std::int64_t gear_id);

  // Components: install on a parent (moving it from where it was), or take it off.
  // Dates are the owner's local days; now when not given.
  GearItem install(const Actor& actor, std::int64_t gear_id, std::int64_t parent_id,
                   const std::optional<std::string>& installed_on);
  GearItem uninstall(const Actor& actor, std::int64_t gear_id, const std::optional<std::string>& removed_on);

  // Counters kept by hand.
  UsageEntry log_usage(const Actor& actor, std::int64_t gear_id, const std::string& counter, std::int64_t count,
                       const std::optional<std::string>& date, const std::optional<std::string>& note);
  Page<UsageEntry> usage_log(const Actor& actor, const UsageQuery& query);
  void delete_usage(const Actor& actor, std::int64_t entry_id);

  // Default items per sport: several per sport; setting replaces the sport's set.
  GearDefault set_defaults(const Actor& actor, const std::string& sport, const std::vector<std::int64_t>& gear_ids);
  std::vector<GearDefault> defaults(const Actor& actor);
  void delete_defaults(const Actor& actor, const std::string& sport);

  // Wear limits: an item's own (gear_id) or the default of a category.
  GearItem set_item_limit(const Actor& actor, std::int64_t gear_id, const WearLimit& limit);
  GearItem delete_item_limit(const Actor& actor, std::int64_t gear_id);
  CategoryLimit set_category_limit(const Actor& actor, const std::string& category, const WearLimit& limit);
  void delete_category_limit(const Actor& actor, const std::string& category);
  std::vector<CategoryLimit> category_limits(const Actor& actor);

  // Collections.
  std::vector<Collection> collections(const Actor& actor);
  GearItem add_to_collection(const Actor& actor, std::int64_t gear_id, const std::string& name);
  GearItem remove_from_collection(const Actor& actor, std::int64_t gear_id, const std::string& name);
  Collection rename_collection(const Actor& actor, const std::string& name, const std::string& new_name);
  void delete_collection(const Actor& actor, const std::string& name);

  // Reviews: one per item, by its owner, of an item with a brand and a model.
  GearReview set_review(const Actor& actor, std::int64_t gear_id, int rating, const Change<std::string>& text);
  GearReview review(const Actor& actor, std::int64_t gear_id);
  void delete_review(const Actor& actor, std::int64_t gear_id);

  // The public catalogue: anyone, signed in or not. Never says who wrote a review.
  Page<CatalogueEntry> catalogue(const Actor& actor, const CatalogueQuery& query);
  Page<CatalogueReview> catalogue_reviews(const Actor& actor, const CatalogueReviewQuery& query);

 private:
  Runtime& rt_;
};

inline constexpr std::size_t kGearPhotoMaxBytes = 5 * 1024 * 1024;

}  // namespace fitkit
