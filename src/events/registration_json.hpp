// The JSON shapes of registrations and their documents (docs/registration.md).
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/registrations.hpp"

namespace fitkit::events {

using Json = nlohmann::ordered_json;

Json document_json(const RegistrationDocument& d);
// Contacts, answers and documents only when the registration says they are visible.
Json registration_json(const EventRegistration& r);

}  // namespace fitkit::events
