// Documents of a registration (a medical certificate): kept as blobs, seen by the registrant
// and the event's organizers, reviewed by the organizers.
#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/registration_access.hpp"
#include "events/registration_flow.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/providers.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMaxDocuments = 10;

// The document's type from its first bytes; what the name or the sender says does not count.
std::string sniffed_type(std::string_view bytes) {
  if (bytes.substr(0, 5) == "%PDF-") return "application/pdf";
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return "image/png";
  throw Error::invalid("file", "a document must be a PDF, JPEG or PNG file");
}

std::string blob_key(std::int64_t registration_id, std::int64_t document_id) {
  return "registrations/" + format_id(IdKind::registration, registration_id) + "/" +
         format_id(IdKind::registration_document, document_id);
}

// The document's row if the actor sees its registration: not_found word for word otherwise.
events::StoredDocument reached_document(storage::Connection& c, const Actor& actor, std::int64_t document_id,
                             events::ReachedRegistration& reached, bool manage) {
  auto row = events::find_document(c, document_id);
  if (!row) throw Error::not_found("no such document");
  try {
    reached = manage ? events::managed_registration(c, actor, row->registration_id)
                     : events::seen_registration(c, actor, row->registration_id);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::not_found) throw Error::not_found("no such document");
    throw;
  }
  return *row;
}

}  // namespace

RegistrationDocument RegistrationService::add_document(const Actor& actor, std::int64_t registration_id,
                                                       std::string_view kind, std::optional<std::string> file_name,
                                                       std::string_view bytes) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto reached = events::own_registration(*c, actor, registration_id);
  if (!events::is_live(reached.registration.status))
    throw Error::precondition("the registration is " + reached.registration.status);
  if (kind != "medical_certificate" && kind != "other")
    throw Error::invalid("kind", "kind must be medical_certificate or other");
  if (bytes.empty()) throw Error::invalid("file", "the document is empty");
  if (bytes.size() > kDocumentMaxBytes) throw Error::invalid("file", "a document is at most 5 MiB");
  const auto type = sniffed_type(bytes);
  if (file_name) file_name = text::one_line(*file_name, "file_name", 200);
  if (reached.registration.documents.size() >= kMaxDocuments)
    throw Error::precondition("a registration holds at most 10 documents");
  const auto id = rt_.next_id();
  const auto now = rt_.now();
  c->exec("INSERT INTO registration_documents (id, registration_id, kind, content_type, size_bytes, file_name, status,"
          " created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
          {id, registration_id, kind, type, static_cast<std::int64_t>(bytes.size()), file_name, now});
  rt_.blobs->put(blob_key(registration_id, id), bytes);
  tx.commit();
  return events::find_document(*c, id)->document;
}

RegistrationService::DocumentFile RegistrationService::document(const Actor& actor, std::int64_t document_id) {
  auto c = rt_.db->acquire();
  events::ReachedRegistration reached;
  const auto row = reached_document(*c, actor, document_id, reached, false);
  auto bytes = rt_.blobs->get(blob_key(row.registration_id, document_id));
  if (!bytes) throw Error::not_found("the document's file is missing");
  return {row.document, std::move(*bytes)};
}

RegistrationDocument RegistrationService::review_document(const Actor& actor, std::int64_t document_id, bool accepted,
                                                          std::optional<std::string> reason) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::ReachedRegistration reached;
  const auto row = reached_document(*c, actor, document_id, reached, true);
  if (reason) reason = text::one_line(*reason, "reason", 500);
  if (!accepted && !reason) throw Error::invalid("reason", "say why the document is rejected");
  const auto now = rt_.now();
  c->exec("UPDATE registration_documents SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
          {accepted ? "accepted" : "rejected", accepted ? std::nullopt : reason, actor.user_id, now, document_id});
  const auto registration = *events::find_registration(*c, row.registration_id);
  const std::string kind = row.document.kind == "medical_certificate" ? "medical certificate" : "document";
  if (accepted) {
    events::notify_registrant(rt_, *c, registration, "document_accepted", {{"kind", kind}});
    events::advance(rt_, *c, registration, reached.event);
  } else {
    events::notify_registrant(rt_, *c, registration, "document_rejected", {{"kind", kind}, {"reason", *reason}});
  }
  tx.commit();
  return events::find_document(*c, document_id)->document;
}

}  // namespace fitkit
