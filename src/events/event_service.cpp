// Events: create, read, change, delete or archive, the status steps, link tokens and pinning.
#include <algorithm>

#include "accounts/time_zone.hpp"
#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_rules.hpp"
#include "events/event_notices.hpp"
#include "events/event_search.hpp"
#include "events/event_store.hpp"
#include "events/registration_flow.hpp"
#include "events/registration_form.hpp"
#include "events/organisation_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"

namespace fitkit {
namespace {

// The event's stored fields after a create or an update, each checked, then the rules that tie
// fields together.
Event merged(const Event* current, const EventFields& f) {
  Event e = current ? *current : Event{};
  if (!current) {
    for (auto [given, name] : {std::pair{f.title.has_value(), "title"}, {f.type.has_value(), "type"},
                               {f.starts_at.has_value(), "starts_at"}, {f.ends_at.has_value(), "ends_at"},
                               {f.time_zone.has_value(), "time_zone"}})
      if (!given) throw Error::invalid(name, std::string(name) + " is required");
    e.visibility = "public";
    e.status = "draft";
  }
  if (f.title) e.title = text::one_line(*f.title, "title", events::kMaxTitle);
  if (f.type) {
    events::check_event_type(*f.type);
    e.type = *f.type;
  }
  if (f.visibility) {
    events::check_visibility(*f.visibility);
    e.visibility = *f.visibility;
  }
  if (f.time_zone) {
    if (!accounts::is_valid_time_zone(*f.time_zone))
      throw Error::invalid("time_zone", "time_zone must be an IANA time zone, such as Europe/Berlin");
    e.time_zone = *f.time_zone;
  }
  const auto long_text = [](const char* field, std::size_t max) {
    return [field, max](const std::string& v) { return text::free_text(v, field, max); };
  };
  events::apply_change(f.description, e.description, long_text("description", events::kMaxDescription));
  events::apply_change(f.rules, e.rules, long_text("rules", events::kMaxText));
  events::apply_change(f.scoring, e.scoring, long_text("scoring", events::kMaxText));
  events::apply_change(f.winning_criteria, e.winning_criteria, long_text("winning_criteria", events::kMaxText));
  events::apply_change(f.prize_fund, e.prize_fund, [](const std::string& v) { return text::one_line(v, "prize_fund", 200); });
  events::apply_change(f.currency, e.currency, [](const std::string& v) {
    events::check_currency(v);
    return v;
  });
  for (auto* s : {&e.description, &e.rules, &e.scoring, &e.winning_criteria})
    if (*s && (*s)->empty()) s->reset();
  if (f.starts_at) e.starts_at = *f.starts_at;
  if (f.ends_at) e.ends_at = *f.ends_at;
  const auto same = [](std::int64_t v) { return v; };
  events::apply_change(f.registration_opens_at, e.registration_opens_at, same);
  events::apply_change(f.registration_closes_at, e.registration_closes_at, same);
  events::apply_change(f.refund_until, e.refund_until, same);
  if (f.online) e.online = *f.online;
  if (f.requires_approval) e.requires_approval = *f.requires_approval;
  if (f.place) e.place = events::checked_place(*f.place);
  if (f.audience) e.audience = events::checked_audience(*f.audience);
  if (f.requirements) e.requirements = events::checked_requirements(*f.requirements);
  if (f.schedule) e.schedule = events::checked_schedule(*f.schedule);
  if (f.awards) e.awards = events::checked_awards(*f.awards);
  if (f.form) e.form = events::checked_form(*f.form);
  if (f.refund_percent) {
    if (*f.refund_percent < 0 || *f.refund_percent > 100)
      throw Error::invalid("refund_percent", "refund_percent must be from 0 to 100");
    e.refund_percent = *f.refund_percent;
  }
  if (e.ends_at < e.starts_at) throw Error::invalid("ends_at", "ends_at is before starts_at");
  if (e.registration_opens_at && e.registration_closes_at && *e.registration_closes_at <= *e.registration_opens_at)
    throw Error::invalid("registration_closes_at", "registration_closes_at must be after registration_opens_at");
  if (e.registration_closes_at && *e.registration_closes_at > e.ends_at)
    throw Error::invalid("registration_closes_at", "registration_closes_at is after the event ends");
  return e;
}

std::vector<std::string> checked_category_slugs(storage::Connection& c, std::int64_t now_ms,
                                               std::vector<std::string> slugs) {
  events::ensure_starter_categories(c, now_ms);
  std::sort(slugs.begin(), slugs.end());
  slugs.erase(std::unique(slugs.begin(), slugs.end()), slugs.end());
  if (slugs.size() > 10) throw Error::invalid("categories", "an event has at most 10 categories");
  for (const auto& slug : slugs)
    if (!c.query_i64("SELECT 1 FROM event_categories WHERE slug = ? AND removed_at IS NULL", {slug}))
      throw Error::invalid("categories", "no such category: " + slug.substr(0, 60) + " (see events categories list)");
  return slugs;
}

// The JSON texts of an event's nested parts, kept alive while they are bound as parameters.
struct StoredTexts {
  std::string audience, requirements, schedule, awards, form;
  explicit StoredTexts(const Event& e)
      : audience(events::audience_text(e.audience)),
        requirements(events::requirements_text(e.requirements)),
        schedule(events::schedule_text(e.schedule)),
        awards(events::awards_text(e.awards)),
        form(events::form_text(e.form)) {}
};

// The values of kRowColumns, in order; they refer to `e` and `texts`, which must outlive them.
std::vector<storage::Param> row_params(const Event& e, const StoredTexts& texts) {
  return {e.title,       e.description,
          e.type,        e.visibility,
          e.starts_at,   e.ends_at,
          e.time_zone,   e.registration_opens_at,
          e.registration_closes_at, std::int64_t{e.online},
          e.place.name,  e.place.address,
          e.place.latitude, e.place.longitude,
          texts.audience, texts.requirements,
          e.rules,       e.scoring,
          e.winning_criteria, texts.schedule,
          e.prize_fund,  texts.awards,
          e.currency,    std::int64_t{e.requires_approval},
          std::int64_t{e.refund_percent}, e.refund_until,
          texts.form};
}

constexpr const char* kRowColumns =
    "title, description, type, visibility, starts_at, ends_at, time_zone, registration_opens_at,"
    " registration_closes_at, online, place_name, address, latitude, longitude, audience, requirements, rules,"
    " scoring, winning_criteria, schedule, prize_fund, awards, currency, requires_approval, refund_percent,"
    " refund_until, form";

void write_categories(storage::Connection& c, std::int64_t event_id, const std::vector<std::string>& slugs) {
  c.exec("DELETE FROM event_category_links WHERE event_id = ?", {event_id});
  for (const auto& slug : slugs)
    c.exec("INSERT INTO event_category_links (event_id, slug) VALUES (?, ?)", {event_id, slug});
}

// The event as stored now, its search entry rewritten.
Event reloaded(storage::Connection& c, const Actor& actor, std::int64_t event_id) {
  auto e = events::find_event(c, actor, event_id);
  if (!e) throw Error::internal("an event vanished inside its transaction");
  events::index_event(c, *e);
  return *e;
}

}  // namespace

Event EventService::create(const Actor& actor, const EventFields& fields) {
  if (!actor.is_user()) throw Error::unauthenticated();
  const std::string kind = fields.org_id ? "organisation" : fields.organizer_kind.value_or("user");
  if (kind != "organisation" && kind != "user" && kind != "coach")
    throw Error::invalid("organizer_kind", "organizer_kind must be user or coach (give org_id for an organisation)");
  if (!events::policy::can_create_event(actor, kind))
    throw Error::permission_denied("only coaches organise events as a coach");
  auto e = merged(nullptr, fields);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  if (fields.org_id) {
    events::existing_organisation(*c, *fields.org_id, actor.user_id);
    if (!events::policy::can_organise_for(actor, events::org_role(*c, *fields.org_id, actor.user_id)))
      throw Error::permission_denied("only the organisation's owners, admins and organizers organise its events");
  }
  const auto slugs = checked_category_slugs(*c, rt_.now(), fields.categories.value_or(std::vector<std::string>{}));
  const auto id = rt_.next_id();
  const auto now = rt_.now();
  const StoredTexts texts(e);
  const auto link_token = crypto::random_token(18);
  auto params = row_params(e, texts);
  params.insert(params.begin(), {id, actor.user_id, fields.org_id, kind, e.status, link_token});
  params.insert(params.end(), {now, now});
  c->exec(std::string("INSERT INTO events (id, owner_id, org_id, organizer_kind, status, link_token, ") + kRowColumns +
              ", created_at, updated_at) VALUES (" + storage::placeholders(params.size()) + ")",
          params);
  write_categories(*c, id, slugs);
  auto out = reloaded(*c, actor, id);
  tx.commit();
  return out;
}

Event EventService::get(const Actor& actor, std::int64_t event_id, std::string_view link_token) {
  auto c = rt_.db->acquire();
  return events::visible_event(*c, actor, event_id, link_token);
}

Event EventService::update(const Actor& actor, std::int64_t event_id, const EventFields& fields) {
  if (fields.org_id || fields.organizer_kind)
    throw Error::invalid(fields.org_id ? "org_id" : "organizer_kind", "an event's organizer is set when it is made");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto current = events::managed_event(*c, actor, event_id);
  if (current.status == "finished" || current.status == "cancelled")
    throw Error::precondition("a " + current.status + " event no longer changes");
  const auto e = merged(&current, fields);
  const StoredTexts texts(e);
  auto params = row_params(e, texts);
  params.push_back(rt_.now());
  params.push_back(event_id);
  std::string sets;
  std::string_view columns = kRowColumns;
  // "a, b, c" -> "a = ?, b = ?, c = ?"
  for (std::size_t start = 0; start < columns.size();) {
    auto end = columns.find(',', start);
    if (end == std::string_view::npos) end = columns.size();
    auto name = columns.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    sets += std::string(sets.empty() ? "" : ", ") + std::string(name) + " = ?";
    start = end + 1;
  }
  c->exec("UPDATE events SET " + sets + ", updated_at = ? WHERE id = ?", params);
  if (fields.categories) write_categories(*c, event_id, checked_category_slugs(*c, rt_.now(), *fields.categories));
  events::on_schedule_change(rt_, *c, current, e);
  auto out = reloaded(*c, actor, event_id);
  tx.commit();
  return out;
}

void EventService::remove(const Actor& actor, std::int64_t event_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto e = events::managed_event(*c, actor, event_id);
  if (e.status != "draft")
    throw Error::precondition("only a draft is deleted; cancel or archive an event that was published");
  events::unindex_event(*c, event_id);
  c->exec("DELETE FROM events WHERE id = ?", {event_id});
  if (e.cover_type) c->after_commit([blobs = rt_.blobs, key = events::cover_key(event_id)] { blobs->remove(key); });
  tx.commit();
}

Event EventService::archive(const Actor& actor, std::int64_t event_id, bool archived) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto e = events::managed_event(*c, actor, event_id);
  if (archived && e.status != "finished" && e.status != "cancelled")
    throw Error::precondition("only a finished or cancelled event is archived");
  c->exec("UPDATE events SET archived_at = ?, updated_at = ? WHERE id = ?",
          {archived ? std::optional<std::int64_t>(rt_.now()) : std::nullopt, rt_.now(), event_id});
  auto out = reloaded(*c, actor, event_id);
  tx.commit();
  return out;
}

Event EventService::set_status(const Actor& actor, std::int64_t event_id, std::string_view status,
                               std::optional<std::string> reason) {
  events::check_status(status);
  std::vector<events::Refund> refunds;
  Event out;
  {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto e = events::managed_event(*c, actor, event_id);
    if (e.status == status) return e;  // already there: nothing to do, nobody told twice
    if (!events::is_status_step(e.status, status))
      throw Error::precondition("an event goes from " + e.status + " to " + std::string(status) +
                                " only through the steps in between (docs/events.md)", "status");
    if (status != "draft" && status != "cancelled" && e.contests.empty())
      throw Error::precondition("add a contest to the event first");
    if (status == "cancelled") {
      if (!reason || reason->empty()) throw Error::invalid("reason", "say why the event is cancelled");
      reason = text::free_text(*reason, "reason", 2000);
    } else {
      reason.reset();
    }
    c->exec("UPDATE events SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
            {std::string(status), reason, rt_.now(), event_id});
    out = reloaded(*c, actor, event_id);
    refunds = events::on_event_status(rt_, *c, out, status);
    tx.commit();
  }
  events::make_refunds(rt_, refunds);  // over the network, once the connection is back
  return out;
}

Event EventService::new_link_token(const Actor& actor, std::int64_t event_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::managed_event(*c, actor, event_id);
  c->exec("UPDATE events SET link_token = ?, updated_at = ? WHERE id = ?",
          {crypto::random_token(18), rt_.now(), event_id});
  auto out = reloaded(*c, actor, event_id);
  tx.commit();
  return out;
}

Event EventService::feature(const Actor& actor, std::int64_t event_id, bool featured) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (!events::policy::can_feature_event(actor)) throw Error::permission_denied("only admins pin events");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto e = events::visible_event(*c, actor, event_id);
  if (featured && (e.status == "draft" || e.visibility != "public"))
    throw Error::precondition("only a public event out of draft is pinned to the catalogue");
  c->exec("UPDATE events SET featured = ?, updated_at = ? WHERE id = ?",
          {std::int64_t{featured}, rt_.now(), event_id});
  auto out = reloaded(*c, actor, event_id);
  tx.commit();
  return out;
}

}  // namespace fitkit
