// Writing to the durable outbox, inside the caller's transaction.
#pragma once

#include <memory>
#include <string_view>

#include "core/runtime.hpp"
#include "fitkit/outbox.hpp"
#include "notify/templates.hpp"

namespace fitkit::notify {

void enqueue_mail(Runtime& rt, storage::Connection& c, std::string_view to, const Rendered& message,
                  std::int64_t due_at = 0);
void enqueue_sms(Runtime& rt, storage::Connection& c, std::string_view to, std::string_view text,
                 std::int64_t due_at = 0);

// Renders a template in the recipient's language and queues it.
void enqueue_template_mail(Runtime& rt, storage::Connection& c, std::string_view to, std::string_view template_name,
                           std::string_view language, const Vars& vars);

std::unique_ptr<Outbox> make_outbox(Runtime& rt);

}  // namespace fitkit::notify
