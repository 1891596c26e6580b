// Messages about registrations and events: {event} is the event's title; the others are named
// where they are used (src/events/registration_*.cpp, event_service.cpp).
#include <array>

#include "notify/template_table.hpp"

namespace fitkit::notify {
namespace {

constexpr std::array kEventTemplates{
    Template{"registration_confirmed", "en", "You are registered for {event}",
             "Your registration for {event} is confirmed. Your e-ticket is in the app.\n"},
    Template{"registration_confirmed", "ru", "Вы зарегистрированы: {event}",
             "Ваша регистрация на «{event}» подтверждена. Электронный билет — в приложении.\n"},
    Template{"registration_received", "en", "Registration received: {event}",
             "We have your registration for {event}. It is {status} for now; we will tell you when it is confirmed.\n"},
    Template{"registration_received", "ru", "Заявка принята: {event}",
             "Ваша заявка на «{event}» получена (статус: {status}). Мы сообщим, когда регистрация будет подтверждена.\n"},
    Template{"registration_waitlisted", "en", "On the waitlist for {event}",
             "{event} is full, so you are on its waitlist, number {position} in line. "
             "When a place is free it is offered to the next in line.\n"},
    Template{"registration_waitlisted", "ru", "Лист ожидания: {event}",
             "Мест на «{event}» нет: вы в листе ожидания, номер {position}. "
             "Освободившееся место предлагается следующему по очереди.\n"},
    Template{"registration_offer", "en", "A place at {event} is yours until {until}",
             "A place at {event} is free and offered to you. Take it before {until} (UTC), "
             "or it passes to the next person on the waitlist.\n"},
    Template{"registration_offer", "ru", "Для вас есть место: {event}",
             "На «{event}» освободилось место, и оно предложено вам. Подтвердите участие до {until} (UTC), "
             "иначе место перейдёт следующему в листе ожидания.\n"},
    Template{"registration_expired", "en", "Your place at {event} was released",
             "Your place at {event} was released: {reason}.\n"},
    Template{"registration_expired", "ru", "Место на «{event}» освобождено",
             "Ваше место на «{event}» освобождено: {reason}.\n"},
    Template{"registration_approved", "en", "Your application for {event} is accepted",
             "The organizers accepted your application for {event}. Its status is now {status}.\n"},
    Template{"registration_approved", "ru", "Заявка на «{event}» принята",
             "Организаторы приняли вашу заявку на «{event}». Статус: {status}.\n"},
    Template{"registration_rejected", "en", "Your application for {event} was declined",
             "The organizers declined your application for {event}: {reason}\n"},
    Template{"registration_rejected", "ru", "Заявка на «{event}» отклонена",
             "Организаторы отклонили вашу заявку на «{event}»: {reason}\n"},
    Template{"registration_refunded", "en", "Refund for {event}",
             "Your registration for {event} is withdrawn and {amount} is refunded.\n"},
    Template{"registration_refunded", "ru", "Возврат за «{event}»",
             "Ваша регистрация на «{event}» отменена, возвращено {amount}.\n"},
    Template{"document_accepted", "en", "Your document for {event} is accepted",
             "The organizers of {event} accepted your {kind}.\n"},
    Template{"document_accepted", "ru", "Документ для «{event}» принят",
             "Организаторы «{event}» приняли ваш документ ({kind}).\n"},
    Template{"document_rejected", "en", "Your document for {event} was rejected",
             "The organizers of {event} rejected your {kind}: {reason}\nUpload a new one in the app.\n"},
    Template{"document_rejected", "ru", "Документ для «{event}» отклонён",
             "Организаторы «{event}» отклонили ваш документ ({kind}): {reason}\nЗагрузите новый в приложении.\n"},
    Template{"event_cancelled", "en", "{event} is cancelled",
             "The organizers cancelled {event}: {reason}\nA paid fee is refunded as the event's policy says.\n"},
    Template{"event_cancelled", "ru", "«{event}» отменено",
             "Организаторы отменили «{event}»: {reason}\nОплаченный взнос возвращается по правилам события.\n"},
    Template{"event_started", "en", "{event} has started",
             "{event} is under way. Good luck!\n"},
    Template{"event_started", "ru", "«{event}» началось",
             "«{event}» началось. Удачи!\n"},
    Template{"event_finished", "en", "{event} is over",
             "{event} is over. Results follow as the organizers publish them.\n"},
    Template{"event_finished", "ru", "«{event}» завершено",
             "«{event}» завершено. Результаты появятся, когда их опубликуют организаторы.\n"},
};

}  // namespace

std::span<const Template> event_templates() { return kEventTemplates; }

}  // namespace fitkit::notify
