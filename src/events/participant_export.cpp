// Participant lists as CSV or Excel with the columns the organizers choose.
#include <algorithm>
#include <functional>

#include "core/runtime.hpp"
#include "core/time_format.hpp"
#include "events/event_store.hpp"
#include "events/participant_query.hpp"
#include "events/ranking.hpp"
#include "events/registration_form.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/participants.hpp"
#include "formats/csv_writer.hpp"
#include "formats/xlsx_writer.hpp"

namespace fitkit {

const std::vector<std::string_view>& participant_columns() noexcept {
  static const std::vector<std::string_view> columns{
      "id",        "contest",      "status",       "status_reason", "bib",        "given_name", "family_name",
      "gender",    "birth_date",   "age",          "level",         "club",       "team",       "email",
      "phone",     "fee",          "currency",     "paid_at",       "refunded",   "registered_at",
      "approved_at", "checked_in_at", "waitlist_position", "documents", "user_id", "answers"};
  return columns;
}

const std::vector<std::string_view>& default_participant_columns() noexcept {
  static const std::vector<std::string_view> columns{"id",     "contest",    "status", "bib",  "given_name",
                                                     "family_name", "gender", "birth_date", "club", "team",
                                                     "email",  "phone"};
  return columns;
}

namespace {

// A cell before it is written: text, a number, or nothing.
struct Cell {
  enum class Kind { empty, text, number } kind = Kind::empty;
  std::string text;
  double number = 0;
  int decimals = 0;
};
Cell text_cell(std::optional<std::string> v) { return v ? Cell{Cell::Kind::text, std::move(*v), 0, 0} : Cell{}; }
Cell number_cell(std::optional<double> v, int decimals = 0) {
  return v ? Cell{Cell::Kind::number, {}, *v, decimals} : Cell{};
}
Cell time_cell(std::optional<std::int64_t> ms) { return ms ? text_cell(format_utc(*ms)) : Cell{}; }
Cell money_cell(std::int64_t minor) { return number_cell(static_cast<double>(minor) / 100.0, 2); }

using CellOf = std::function<Cell(const EventRegistration&)>;
struct Column {
  std::string header;
  CellOf cell;
};

std::string documents_text(const EventRegistration& r) {
  std::string out;
  for (const auto& d : r.documents) out += (out.empty() ? "" : "; ") + d.kind + ": " + d.status;
  return out;
}

CellOf cell_of(std::string_view name, const Event& event) {
  const auto day = events::event_day(event);
  const auto opt = [](auto member) {
    return [member](const EventRegistration& r) { return text_cell(r.*member); };
  };
  if (name == "id") return [](const EventRegistration& r) { return text_cell(format_id(IdKind::registration, r.id)); };
  if (name == "contest")
    return [&event](const EventRegistration& r) {
      for (const auto& k : event.contests)
        if (k.id == r.contest_id) return text_cell(k.name);
      return Cell{};
    };
  if (name == "status") return [](const EventRegistration& r) { return text_cell(r.status); };
  if (name == "status_reason") return opt(&EventRegistration::status_reason);
  if (name == "bib") return [](const EventRegistration& r) { return number_cell(r.bib ? std::optional<double>(*r.bib) : std::nullopt); };
  if (name == "given_name") return [](const EventRegistration& r) { return text_cell(r.given_name); };
  if (name == "family_name") return [](const EventRegistration& r) { return text_cell(r.family_name); };
  if (name == "gender") return opt(&EventRegistration::gender);
  if (name == "birth_date") return opt(&EventRegistration::birth_date);
  if (name == "age")
    return [day](const EventRegistration& r) {
      const auto age = r.birth_date ? events::age_on(*r.birth_date, day) : std::nullopt;
      return number_cell(age ? std::optional<double>(*age) : std::nullopt);
    };
  if (name == "level") return opt(&EventRegistration::level);
  if (name == "club") return opt(&EventRegistration::club);
  if (name == "team") return opt(&EventRegistration::team);
  if (name == "email") return opt(&EventRegistration::email);
  if (name == "phone") return opt(&EventRegistration::phone);
  if (name == "fee") return [](const EventRegistration& r) { return money_cell(r.fee_minor); };
  if (name == "currency") return opt(&EventRegistration::currency);
  if (name == "paid_at") return [](const EventRegistration& r) { return time_cell(r.paid_at); };
  if (name == "refunded") return [](const EventRegistration& r) { return money_cell(r.refunded_minor); };
  if (name == "registered_at") return [](const EventRegistration& r) { return time_cell(r.created_at); };
  if (name == "approved_at") return [](const EventRegistration& r) { return time_cell(r.approved_at); };
  if (name == "checked_in_at") return [](const EventRegistration& r) { return time_cell(r.checked_in_at); };
  if (name == "waitlist_position")
    return [](const EventRegistration& r) {
      return number_cell(r.waitlist_position ? std::optional<double>(*r.waitlist_position) : std::nullopt);
    };
  if (name == "documents") return [](const EventRegistration& r) { return text_cell(documents_text(r)); };
  if (name == "user_id")
    return [](const EventRegistration& r) {
      return r.user_id ? text_cell(format_id(IdKind::user, *r.user_id)) : Cell{};
    };
  return {};
}

CellOf answer_cell(const FormQuestion& q) {
  return [q](const EventRegistration& r) {
    auto text = events::answer_text(q, r.answers_json);
    return text.empty() ? Cell{} : text_cell(std::move(text));
  };
}

// The columns asked for, each checked; "answers" opens into one column per question.
std::vector<Column> columns_for(const Event& event, const std::vector<std::string>& names) {
  std::vector<Column> out;
  std::vector<std::string> chosen(names.begin(), names.end());
  if (chosen.empty())
    for (auto n : default_participant_columns()) chosen.emplace_back(n);
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const auto& name = chosen[i];
    const auto field = "columns[" + std::to_string(i) + "]";
    if (name == "answers") {
      for (const auto& q : event.form) out.push_back({q.label, answer_cell(q)});
    } else if (name.rfind("answer:", 0) == 0) {
      const auto key = name.substr(7);
      const auto q = std::find_if(event.form.begin(), event.form.end(), [&](const FormQuestion& f) { return f.key == key; });
      if (q == event.form.end()) throw Error::invalid(field, "the event's form has no question " + key);
      out.push_back({q->label, answer_cell(*q)});
    } else if (auto cell = cell_of(name, event)) {
      out.push_back({name, std::move(cell)});
    } else {
      throw Error::invalid(field, "no column " + name + " (docs/participants.md lists the columns)");
    }
  }
  if (out.empty()) throw Error::invalid("columns", "choose at least one column");
  return out;
}

std::string csv_of(const std::vector<Column>& columns, const std::vector<EventRegistration>& rows) {
  formats::CsvWriter w;
  for (const auto& c : columns) w.text(c.header);
  w.end_row();
  for (const auto& r : rows) {
    for (const auto& c : columns) {
      const auto cell = c.cell(r);
      if (cell.kind == Cell::Kind::text) w.text(cell.text);
      else if (cell.kind == Cell::Kind::number) w.number(cell.number, cell.decimals);
      else w.text("");
    }
    w.end_row();
  }
  return w.str();
}

std::string xlsx_of(const std::string& sheet, const std::vector<Column>& columns,
                    const std::vector<EventRegistration>& rows) {
  std::vector<std::string> header;
  for (const auto& c : columns) header.push_back(c.header);
  std::vector<std::vector<formats::XlsxCell>> cells;
  cells.reserve(rows.size());
  for (const auto& r : rows) {
    auto& line = cells.emplace_back();
    for (const auto& c : columns) {
      const auto cell = c.cell(r);
      if (cell.kind == Cell::Kind::text) line.push_back(formats::XlsxCell::text(cell.text));
      else if (cell.kind == Cell::Kind::number) line.push_back(formats::XlsxCell::number(cell.number));
      else line.push_back(formats::XlsxCell::empty());
    }
  }
  return formats::xlsx_table(sheet, header, cells);
}

}  // namespace

ParticipantFile ParticipantService::export_list(const Actor& actor, std::int64_t event_id,
                                                const ParticipantFilter& filter,
                                                const std::vector<std::string>& column_names,
                                                std::string_view format) {
  if (format != "csv" && format != "xlsx") throw Error::invalid("format", "format must be csv or xlsx");
  storage::Snapshot one_state(*rt_.db);  // every page of one state
  auto c = rt_.db->acquire();
  const auto event = events::managed_event(*c, actor, event_id);
  const auto columns = columns_for(event, column_names);
  const auto where = events::participant_condition(event, filter);
  std::vector<EventRegistration> rows;
  for (std::int64_t after = 0;;) {
    auto page = events::registrations_of_event(*c, event_id, where.sql, where.params(), after, 1000);
    if (page.empty()) break;
    after = page.back().id;
    std::move(page.begin(), page.end(), std::back_inserter(rows));
  }
  const auto base = format_id(IdKind::event, event_id) + "-participants";
  if (format == "csv") return {base + ".csv", "text/csv; charset=utf-8", csv_of(columns, rows)};
  return {base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          xlsx_of("Participants", columns, rows)};
}

}  // namespace fitkit
