#include "notify/templates.hpp"

#include <array>

#include "notify/template_table.hpp"

#include "fitkit/error.hpp"

namespace fitkit::notify {
namespace {

constexpr std::array kTemplates{
    Template{"verify_email", "en", "Confirm your email address",
             "Welcome to fitkit!\n\nConfirm your email address by opening this link:\n{link}\n\n"
             "The link works once and expires in {hours} hours. If you did not sign up, ignore this message.\n"},
    Template{"verify_email", "ru", "Подтвердите адрес электронной почты",
             "Добро пожаловать в fitkit!\n\nПодтвердите адрес, открыв ссылку:\n{link}\n\n"
             "Ссылка одноразовая и действует {hours} ч. Если вы не регистрировались, просто проигнорируйте письмо.\n"},
    Template{"already_registered", "en", "Someone tried to sign up with your address",
             "Someone tried to create a fitkit account with {email}, which already has one.\n\n"
             "If it was you, sign in instead, or reset your password:\n{link}\n"},
    Template{"already_registered", "ru", "Попытка регистрации с вашим адресом",
             "Кто-то пытался создать аккаунт fitkit с адресом {email}, но он уже зарегистрирован.\n\n"
             "Если это были вы, войдите или восстановите пароль:\n{link}\n"},
    Template{"welcome", "en", "Welcome to fitkit",
             "Your email address is confirmed and your account is ready. Have a good training!\n"},
    Template{"welcome", "ru", "Добро пожаловать в fitkit",
             "Адрес подтверждён, аккаунт готов. Хороших тренировок!\n"},
    Template{"password_reset", "en", "Reset your password",
             "To choose a new password, open this link:\n{link}\n\n"
             "The link works once and expires in {minutes} minutes. If you did not ask for it, ignore this "
             "message: your password stays as it is.\n"},
    Template{"password_reset", "ru", "Восстановление пароля",
             "Чтобы задать новый пароль, откройте ссылку:\n{link}\n\n"
             "Ссылка одноразовая и действует {minutes} мин. Если вы не запрашивали восстановление, "
             "проигнорируйте письмо: пароль не изменится.\n"},
    Template{"password_changed", "en", "Your password was changed",
             "The password of your fitkit account was changed and your other sessions were signed out.\n"
             "If this was not you, reset your password now.\n"},
    Template{"password_changed", "ru", "Пароль изменён",
             "Пароль вашего аккаунта fitkit изменён, остальные сеансы завершены.\n"
             "Если это были не вы, немедленно восстановите пароль.\n"},
    Template{"email_change", "en", "Confirm your new email address",
             "Confirm {email} as the new address of your fitkit account by opening this link:\n{link}\n"},
    Template{"email_change", "ru", "Подтвердите новый адрес",
             "Подтвердите {email} как новый адрес аккаунта fitkit, открыв ссылку:\n{link}\n"},
    // Sent by SMS: the text alone, kept short.
    Template{"phone_code", "en", "Your fitkit code",
             "{code} is your fitkit code. It expires in {minutes} minutes. Do not share it with anyone."},
    Template{"phone_code", "ru", "Код fitkit",
             "{code} — ваш код fitkit. Действует {minutes} мин. Никому его не сообщайте."},
    Template{"account_deleted", "en", "Your fitkit account was deleted",
             "Your fitkit account and the personal data in it were deleted, as you or an administrator "
             "asked. This address can sign up again at any time.\n"
             "If you did not ask for this, contact the administrators of this service.\n"},
    Template{"account_deleted", "ru", "Аккаунт fitkit удалён",
             "Ваш аккаунт fitkit и личные данные в нём удалены по вашему запросу или запросу администратора. "
             "С этим адресом можно снова зарегистрироваться в любое время.\n"
             "Если вы этого не запрашивали, свяжитесь с администраторами сервиса.\n"},
    // Gear wear notices: {item} is the item's name, {used} and {limit} amounts with units.
    Template{"gear_wear_attention", "en", "{item}: time to check its wear",
             "Your {item} has reached {used} of {limit} ({percent} % of its wear limit). "
             "Check it and plan a replacement.\n"},
    Template{"gear_wear_attention", "ru", "{item}: пора проверить износ",
             "Снаряжение «{item}»: {used} из {limit} ({percent} % предела износа). "
             "Проверьте его и подумайте о замене.\n"},
    Template{"gear_wear_replace", "en", "Time to replace your {item}",
             "Your {item} has reached {used} of {limit}, its wear limit. Time to replace it.\n"},
    Template{"gear_wear_replace", "ru", "Пора заменить «{item}»",
             "Снаряжение «{item}»: {used} из {limit} — предел износа достигнут. Пора его заменить.\n"},
};

std::string substitute(std::string_view text, const Vars& vars) {
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      auto end = text.find('}', i);
      if (end != std::string_view::npos) {
        auto it = vars.find(text.substr(i + 1, end - i - 1));
        if (it != vars.end()) {
          out += it->second;
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

bool is_supported_language(std::string_view language) { return language == "en" || language == "ru"; }

Rendered render(std::string_view template_name, std::string_view language, const Vars& vars) {
  const Template* fallback = nullptr;
  for (const auto table : {std::span<const Template>(kTemplates), event_templates()})
    for (const auto& t : table) {
      if (t.name != template_name) continue;
      if (t.language == language) return {substitute(t.subject, vars), substitute(t.text, vars)};
      if (t.language == "en") fallback = &t;
    }
  if (!fallback) throw Error::internal("no message template named " + std::string(template_name));
  return {substitute(fallback->subject, vars), substitute(fallback->text, vars)};
}

}  // namespace fitkit::notify
