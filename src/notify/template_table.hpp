// Message templates as tables, one per domain, searched by render().
#pragma once

#include <span>
#include <string_view>

namespace fitkit::notify {

struct Template {
  std::string_view name;      // also the notification's type
  std::string_view language;  // en, ru
  std::string_view subject;
  std::string_view text;      // with {placeholders}
};

// Registration for events and news of events (src/notify/event_templates.cpp).
std::span<const Template> event_templates();

}  // namespace fitkit::notify
