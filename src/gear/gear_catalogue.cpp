// The public catalogue: reviews grouped by brand and model, with the average rating and the
// texts, and never who wrote them. Reviews of accounts that are not active are left out.
#include <cmath>
#include <map>

#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/gear.hpp"
#include "gear/gear_policy.hpp"
#include "gear/gear_rules.hpp"
#include "gear/gear_store.hpp"

namespace fitkit {
namespace {

constexpr const char* kActiveAuthors = " JOIN users u ON u.id = r.user_id AND u.status = 'active'";

struct Keys {
  std::optional<std::string> brand, model;
};

Keys keys_of(const std::optional<std::string>& brand, const std::optional<std::string>& model) {
  Keys k;
  if (brand) k.brand = gear::catalogue_key(gear::single_line(*brand, gear::kNameMaxBytes, "brand"), "brand");
  if (model) k.model = gear::catalogue_key(gear::single_line(*model, gear::kNameMaxBytes, "model"), "model");
  return k;
}

void add_filters(const Keys& k, std::string& sql, std::vector<storage::Param>& params) {
  if (k.brand) {
    sql += " AND r.brand_key = ?";
    params.emplace_back(*k.brand);
  }
  if (k.model) {
    sql += " AND r.model_key = ?";
    params.emplace_back(*k.model);
  }
}

void require_reader(const Actor& actor) {
  if (!gear::policy::can_read_catalogue(actor)) throw Error::permission_denied();
}

// The newest reviews with a text of each entry, at most kCatalogueRecentReviews each.
void add_recent(storage::Connection& c, std::vector<CatalogueEntry>& entries) {
  if (entries.empty()) return;
  std::string match;
  std::vector<storage::Param> params;
  for (const auto& e : entries) {
    match += std::string(match.empty() ? "" : " OR ") + "(r.brand_key = ? AND r.model_key = ?)";
    params.emplace_back(e.brand_key);
    params.emplace_back(e.model_key);
  }
  params.emplace_back(std::int64_t{kCatalogueRecentReviews});
  std::map<std::pair<std::string, std::string>, CatalogueEntry*> by_key;
  for (auto& e : entries) by_key[{e.brand_key, e.model_key}] = &e;
  c.query(
      "SELECT brand_key, model_key, brand, model, rating, body, updated_at, id FROM"
      " (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.brand_key, r.model_key ORDER BY r.updated_at DESC, r.id DESC)"
      "    AS place FROM gear_reviews r" +
          std::string(kActiveAuthors) + "   WHERE r.body IS NOT NULL AND (" + match +
          ")) x"
          " WHERE place <= ? ORDER BY brand_key, model_key, place",
      params, [&](const storage::Row& r) {
        auto it = by_key.find({r.text(0), r.text(1)});
        if (it == by_key.end()) return;
        it->second->recent.push_back(
            {r.text(2), r.text(3), static_cast<int>(r.i64(4)), r.opt_text(5), r.i64(6), r.i64(7)});
      });
}

}  // namespace

Page<CatalogueEntry> GearService::catalogue(const Actor& actor, const CatalogueQuery& q) {
  require_reader(actor);
  check_page_limit(q.limit);
  const auto keys = keys_of(q.brand, q.model);
  std::string sql =
      "SELECT r.brand_key, r.model_key, MIN(r.brand), MIN(r.model), AVG(CAST(r.rating AS DOUBLE PRECISION)), COUNT(*)"
      " FROM gear_reviews r" +
      std::string(kActiveAuthors) + " WHERE 1 = 1";
  std::vector<storage::Param> params;
  add_filters(keys, sql, params);
  if (q.after) {
    sql += " AND (r.brand_key > ? OR (r.brand_key = ? AND r.model_key > ?))";
    params.insert(params.end(), {q.after->first, q.after->first, q.after->second});
  }
  sql += " GROUP BY r.brand_key, r.model_key ORDER BY r.brand_key, r.model_key LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  auto c = rt_.db->acquire();
  std::vector<CatalogueEntry> rows;
  c->query(sql, params, [&](const storage::Row& r) {
    CatalogueEntry e;
    e.brand_key = r.text(0);
    e.model_key = r.text(1);
    e.brand = r.text(2);
    e.model = r.text(3);
    e.rating_average = std::round(r.f64(4) * 100) / 100;
    e.rating_count = r.i64(5);
    rows.push_back(std::move(e));
  });
  auto page = Page<CatalogueEntry>::from_rows(std::move(rows), q.limit);
  add_recent(*c, page.items);
  return page;
}

Page<CatalogueReview> GearService::catalogue_reviews(const Actor& actor, const CatalogueReviewQuery& q) {
  require_reader(actor);
  check_page_limit(q.limit);
  const auto keys = keys_of(q.brand, q.model);
  std::string sql = "SELECT r.brand, r.model, r.rating, r.body, r.updated_at, r.id FROM gear_reviews r" +
                    std::string(kActiveAuthors) + " WHERE 1 = 1";
  std::vector<storage::Param> params;
  add_filters(keys, sql, params);
  if (q.before) {
    sql += " AND (r.updated_at < ? OR (r.updated_at = ? AND r.id < ?))";
    params.insert(params.end(), {q.before->first, q.before->first, q.before->second});
  }
  sql += " ORDER BY r.updated_at DESC, r.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{q.limit} + 1);
  std::vector<CatalogueReview> rows;
  rt_.db->acquire()->query(sql, params, [&](const storage::Row& r) {
    rows.push_back({r.text(0), r.text(1), static_cast<int>(r.i64(2)), r.opt_text(3), r.i64(4), r.i64(5)});
  });
  return Page<CatalogueReview>::from_rows(std::move(rows), q.limit);
}

}  // namespace fitkit
