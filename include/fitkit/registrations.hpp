// Registration for events: eligibility, the organizer's form, fees and payment, the FIFO
// waitlist with time-limited offers, bibs, e-tickets and check-in, and documents.
// See docs/registration.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

// registered, awaiting_payment, paid, confirmed, waitlisted, offered, checked_in, finished,
// withdrawn, rejected, dns, dnf, dsq (docs/registration.md: the statuses)
const std::vector<std::string_view>& registration_statuses() noexcept;

struct RegistrationDocument {
  std::int64_t id = 0;
  std::string kind;          // medical_certificate, other
  std::string content_type;  // application/pdf, image/jpeg, image/png
  std::int64_t size_bytes = 0;
  std::optional<std::string> file_name;
  std::string status;        // pending, accepted, rejected
  std::optional<std::string> reason;
  std::int64_t created_at = 0;
};

struct EventRegistration {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t contest_id = 0;
  std::optional<std::int64_t> user_id;  // none for someone an organizer added without an account
  std::string status;
  std::string given_name, family_name;
  // Contacts, answers and documents: to the registrant and the event's organizers only.
  std::optional<std::string> email, phone;
  std::optional<std::string> birth_date, gender, level, club, team;
  std::optional<std::int64_t> bib;
  std::string answers_json = "{}";
  std::int64_t fee_minor = 0;
  std::optional<std::string> currency;
  std::optional<std::string> payment_id;
  std::optional<std::int64_t> payment_due_at, paid_at;
  std::int64_t refunded_minor = 0;
  // For a front-end that completes a pending payment (Stripe.js): only in the registrant's own
  // answer to register, pay or accept_offer, never stored.
  std::optional<std::string> payment_client_secret;
  std::optional<std::int64_t> approved_at, waitlisted_at, offer_expires_at, checked_in_at;
  std::optional<std::int64_t> waitlist_position;  // 1 for the next in line, while waitlisted
  std::optional<std::string> status_reason;
  std::vector<RegistrationDocument> documents;
  bool contacts_visible = false;  // whether contacts, answers and documents were given
  std::int64_t created_at = 0, updated_at = 0;
};

// What a registrant gives; empty person fields are taken from their profile.
struct EventRegistrationFields {
  std::int64_t contest_id = 0;
  std::optional<std::string> given_name, family_name, email, phone, birth_date, gender, level, club, team;
  std::string answers_json = "{}";
};

// A scanned e-ticket: a signed token, and its QR code.
struct Ticket {
  std::string token;
  std::string qr_svg;
};

// What a payment webhook did.
struct WebhookOutcome {
  bool duplicate = false;  // this webhook was handled before: nothing changed
  std::string type;        // payment_succeeded, payment_failed, refunded, other
  std::optional<std::int64_t> registration_id;
};

class RegistrationService {
 public:
  explicit RegistrationService(Runtime& rt) : rt_(rt) {}

  // Registers the actor for a contest of an event whose registration is open: eligibility,
  // the form's answers and the fee are checked; a full contest puts them on its waitlist.
  // A fee is charged through the payments port: the registration awaits payment until the
  // provider confirms it (at once, or by webhook).
  EventRegistration register_for(const Actor& actor, std::int64_t event_id, const EventRegistrationFields& fields,
                            std::string_view link_token = {});
  // The registrant's or the event's organizers'; not_found for anyone else.
  EventRegistration get(const Actor& actor, std::int64_t registration_id);
  // The actor's own registrations, newest first.
  Page<EventRegistration> mine(const Actor& actor, std::optional<std::int64_t> before_id, int limit);
  // Withdraws (the registrant): the place passes to the waitlist; a paid fee is refunded as the
  // event's refund policy says.
  EventRegistration withdraw(const Actor& actor, std::int64_t registration_id, std::optional<std::string> reason);
  // Pays again after a failed or abandoned payment.
  EventRegistration pay(const Actor& actor, std::int64_t registration_id);
  // An offered place, taken or declined by the registrant before the offer expires.
  EventRegistration accept_offer(const Actor& actor, std::int64_t registration_id);
  EventRegistration decline_offer(const Actor& actor, std::int64_t registration_id);

  // Organizers: accept or reject an application of an event that requires approval.
  EventRegistration approve(const Actor& actor, std::int64_t registration_id);
  EventRegistration reject(const Actor& actor, std::int64_t registration_id, std::string_view reason);
  // Organizers: a bib by hand (none clears it), or the contest's range to everyone who holds a
  // place and has none yet, in the order they registered. Returns how many were given.
  EventRegistration set_bib(const Actor& actor, std::int64_t registration_id, std::optional<std::int64_t> bib);
  int assign_bibs(const Actor& actor, std::int64_t contest_id);

  // The e-ticket of a confirmed registration, for its registrant.
  Ticket ticket(const Actor& actor, std::int64_t registration_id);
  // Organizers at the venue: checks a scanned ticket in. A forged, voided or foreign ticket is
  // refused, and a second scan says when the first one was.
  EventRegistration checkin(const Actor& actor, std::int64_t event_id, std::string_view token);

  // Documents (a medical certificate): PDF, JPEG or PNG by their bytes, at most 5 MiB, added by
  // the registrant, seen by them and the event's organizers, reviewed by the organizers.
  RegistrationDocument add_document(const Actor& actor, std::int64_t registration_id, std::string_view kind,
                                    std::optional<std::string> file_name, std::string_view bytes);
  struct DocumentFile {
    RegistrationDocument document;
    std::string bytes;
  };
  DocumentFile document(const Actor& actor, std::int64_t document_id);
  RegistrationDocument review_document(const Actor& actor, std::int64_t document_id, bool accepted,
                                       std::optional<std::string> reason);

  // A webhook of the payment provider, as received: verified by its signature and age, then
  // applied once (the same webhook again changes nothing).
  WebhookOutcome handle_payment_webhook(std::string_view signature_header, std::string_view body);

  // Releases offers and unpaid places whose time is up and offers the places to the waitlist.
  // Runs by itself before registrations change; `fitctl serve` also runs it every minute.
  int expire_holds();

 private:
  Runtime& rt_;
};

inline constexpr std::size_t kDocumentMaxBytes = 5 * 1024 * 1024;

}  // namespace fitkit
