#include <doctest/doctest.h>

#include <string>

#include "core/unicode.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;

namespace {

std::string nfkc(std::string_view text) { return normalize_nfkc(text, "text"); }

// The message of the refusal, checking its code and field and that the text is not quoted.
std::string refusal(std::string_view text, std::string_view field = "text") {
  try {
    normalize_nfkc(text, field);
    return "";
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == field);
    CHECK(std::string(e.what()).find(std::string(text)) == std::string::npos);
    return e.what();
  }
}

}  // namespace

TEST_CASE("ASCII passes through NFKC unchanged, NUL included") {
  CHECK(nfkc("") == "");
  CHECK(nfkc("correct horse battery staple") == "correct horse battery staple");
  const std::string with_nul("abc\0def", 7);
  CHECK(nfkc(with_nul) == with_nul);
  CHECK(nfkc(std::string("\x01\x7f", 2)) == std::string("\x01\x7f", 2));
}

TEST_CASE("canonically equivalent spellings become one") {
  CHECK(nfkc("e\u0301") == "\u00e9");       // e + combining acute -> é
  CHECK(nfkc("\u00e9") == "\u00e9");        // already composed
  CHECK(nfkc("\u212b") == "\u00c5");        // ANGSTROM SIGN -> Å
  CHECK(nfkc("\u1112\u1161\u11ab\u1100\u116e\u11a8") == "\ud55c\uad6d");  // Hangul jamo -> 한국
  // Combining marks are put in canonical order before they compose.
  CHECK(nfkc("a\u0323\u0302") == nfkc("a\u0302\u0323"));
  CHECK(nfkc("a\u0323\u0302") == "\u1ead");  // ậ
}

TEST_CASE("compatibility characters become their plain forms") {
  CHECK(nfkc("\ufb01ve") == "five");                         // the "fi" ligature
  CHECK(nfkc("\uff32\uff35\uff2e\u3000\uff11\uff12") == "RUN 12");  // full-width letters, digits, space
  CHECK(nfkc("x\u00b2") == "x2");                            // superscript two
  CHECK(nfkc("\u2168") == "IX");                             // ROMAN NUMERAL NINE
  CHECK(nfkc("\u2460") == "1");                              // CIRCLED DIGIT ONE
  CHECK(nfkc("\u00a0") == " ");                              // no-break space
  // One character can become many: U+FDFA is 18 code points in NFKC.
  CHECK(nfkc("\ufdfa") == "\u0635\u0644\u0649 \u0627\u0644\u0644\u0647 \u0639\u0644\u064a\u0647 "
                          "\u0648\u0633\u0644\u0645");
}

TEST_CASE("what NFKC leaves alone stays as it is, and the result is stable") {
  const std::string texts[] = {"\u00e9t\u00e9", "\u0436\u0438\u0437\u043d\u044c", "\U0001f3c3\U0001f6b4",
                               "\u65e5\u672c\u8a9e", "\ue000", std::string("\u00e9\0e\u0301", 6)};
  for (const std::string& s : texts) {
    CAPTURE(s);
    CHECK(nfkc(nfkc(s)) == nfkc(s));
  }
  CHECK(nfkc("\u0436\u0438\u0437\u043d\u044c") == "\u0436\u0438\u0437\u043d\u044c");  // Cyrillic
  CHECK(nfkc("\U0001f3c3") == "\U0001f3c3");                     // emoji
  CHECK(nfkc("Caf\u00c9") == "Caf\u00c9");                       // no case folding
  CHECK(nfkc("cafe") != nfkc("caf\u00e9"));                      // accents are kept
  CHECK(nfkc(std::string("\u00e9\0e\u0301", 6)) == std::string("\u00e9\0\u00e9", 5));  // NUL kept
}

TEST_CASE("malformed UTF-8 is refused, naming the caller's field") {
  for (std::string bad : {"\xff",                          // never valid
                          "ab\xc0\xaf",                    // overlong '/'
                          "ab\xe0\x80\xaf",                // overlong, three bytes
                          "ab\xed\xa0\x80",                // a surrogate
                          "ab\xe2\x82",                    // truncated sequence
                          "\xc3",                          // truncated at the very end
                          "ab\xf4\x90\x80\x80",            // past U+10FFFF
                          "ab\xf5\x80\x80\x80",            // a lead byte past U+10FFFF
                          "ab\x80",                        // stray continuation
                          "\xe2\x28\xa1",                  // broken continuation
                          "\xc3\xa9\xfe"}) {               // valid, then garbage
    CAPTURE(bad.size());
    CHECK(refusal(bad) == "text is not valid UTF-8 text");
  }
  CHECK(refusal("\xc3", "new_password") == "new_password is not valid UTF-8 text");
  CHECK(nfkc("\xf4\x8f\xbf\xbf") == "\xf4\x8f\xbf\xbf");  // U+10FFFF, a noncharacter, is fine
}

TEST_CASE("unassigned code points are refused: their normal form could change later") {
  for (std::string unassigned : {"ab\u0378", "\U000e0080", "x\U00040000"}) {
    CAPTURE(unassigned.size());
    const std::string why = refusal(unassigned, "password");
    CHECK(why.rfind("password contains a character that Unicode ", 0) == 0);
  }
  // Noncharacters and private-use characters are assigned for good.
  CHECK(nfkc("\ufdd0\uffff") == "\ufdd0\uffff");
  CHECK(nfkc("\ue000\U000f0000") == "\ue000\U000f0000");
}
