// The registration form of an event: typed questions its organizers ask, and the checks of a
// registrant's answers (docs/registration-form.md). Pure functions: no storage, no clock.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/events.hpp"

namespace fitkit::events {

inline constexpr std::size_t kMaxFormQuestions = 50, kMaxFormOptions = 50;
inline constexpr std::size_t kMaxTextAnswer = 500;
inline constexpr std::size_t kMaxAnswersBytes = 64 * 1024;

// The question types, in the order the documentation lists them.
const std::vector<std::string_view>& form_question_types() noexcept;

// A question of an event's registration form: fitkit::FormQuestion ("fitkit/events.hpp").
using FormQuestion = fitkit::FormQuestion;

// Checks a whole form (at most 50 questions) and gives it trimmed (an empty help becomes none).
// Throws Error::invalid naming the field, e.g. "form[3].options[1]".
std::vector<FormQuestion> checked_form(std::vector<FormQuestion> form);

// The form as stored (JSON text: an array of objects, absent fields left out) and read back
// (what was stored was checked; text that is not such an array reads as no questions).
std::string form_text(const std::vector<FormQuestion>& form);
std::vector<FormQuestion> form_of(std::string_view text);

// The form from request JSON text (an array of {key, label, type, required, options, min, max,
// help}; null is the same as absent), checked as by checked_form. Unknown fields and wrong types
// are refused naming the field ("form[1].options[0]").
std::vector<FormQuestion> form_from_json(std::string_view json_array_text);

// The form as JSON text for answers to clients: the same shape with every field present
// (options [], and min, max and help null, where the question has none).
std::string form_json(const std::vector<FormQuestion>& form);

// Checks a registrant's answers (a JSON object text, key -> value) against the form and returns
// them normalised as stored JSON text: keys in form order, unanswered optional questions left
// out, texts trimmed, chosen options in the form's order. Throws Error::invalid with the field
// "answers.<key>" and a message saying what is expected (docs/registration-form.md), or the field
// "answers" when the text is not a JSON object or is larger than 64 KiB. Required questions may be
// left unanswered when `required` is waived (the organizers add someone with what they know).
enum class Required { enforced, waived };
std::string checked_answers(const std::vector<FormQuestion>& form, std::string_view answers_json,
                            Required required = Required::enforced);

// The answer to one question as display text, for exports: "" when unanswered, choices joined by
// ", ", booleans "yes"/"no", numbers without trailing zeros. Reads what checked_answers stored.
std::string answer_text(const FormQuestion& q, std::string_view stored_answers_json);

}  // namespace fitkit::events
