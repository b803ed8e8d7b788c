// The free-text rule (domain/text.h), table-driven: what is kept, what is
// removed, what is refused and with which message.
#include "domain/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zapas {
namespace {

struct TextCase {
  const char* name;
  std::string text;
  bool required;
  std::string cleaned;  // when accepted
  std::string error;    // when refused: the message of the field error
};

TEST(TextTest, CleansAcceptsAndRefusesAsTheTableSays) {
  const std::vector<TextCase> cases = {
      // Kept as it is.
      {"plain", "Аптечка first-aid", true, "Аптечка first-aid", ""},
      {"Ukrainian with apostrophe", "Пам'ять «Надія» №3", true, "Пам'ять «Надія» №3", ""},
      {"inner and outer spaces", "  a  b ", true, "  a  b ", ""},
      {"no-break space inside", "10\u00A0kg", true, "10\u00A0kg", ""},
      {"emoji and CJK", "\xF0\x9F\x93\xA6 箱", true, "\xF0\x9F\x93\xA6 箱", ""},
      {"combining mark", "\u0418\u0306", true, "\u0418\u0306", ""},
      {"soft hyphen stays", "Ков\u00ADдра", true, "Ков\u00ADдра", ""},
      // Zero-width and invisible formatting characters are removed.
      {"zero-width space", "Ков\u200Bдра", true, "Ковдра", ""},
      {"zero-width joiners", "a\u200Cb\u200Dc", true, "abc", ""},
      {"word joiner and invisible plus", "a\u2060b\u2064c", true, "abc", ""},
      {"byte-order mark", "\uFEFFНазва", true, "Назва", ""},
      {"left-to-right and right-to-left marks", "\u200Eabc\u200F", true, "abc", ""},
      {"arabic letter mark", "x\u061Cy", true, "xy", ""},
      {"mongolian vowel separator", "x\u180Ey", true, "xy", ""},
      // Control characters are refused, naming the first.
      {"NUL", std::string("a\0b", 3), true, "", "must not contain control characters (U+0000)"},
      {"tab", "a\tb", true, "", "must not contain control characters (U+0009)"},
      {"line feed", "a\nb", false, "", "must not contain control characters (U+000A)"},
      {"carriage return", "a\rb", true, "", "must not contain control characters (U+000D)"},
      {"escape", "a\x1b[31mb", true, "", "must not contain control characters (U+001B)"},
      {"DEL", "a\x7f", true, "", "must not contain control characters (U+007F)"},
      {"C1 padding", "a\xC2\x80", true, "", "must not contain control characters (U+0080)"},
      {"C1 next line",
       "a\xC2\x85"
       "b",
       true, "", "must not contain control characters (U+0085)"},
      {"C1 last", "a\xC2\x9F", true, "", "must not contain control characters (U+009F)"},
      {"line separator", "a\u2028b", true, "", "must not contain control characters (U+2028)"},
      {"paragraph separator", "a\u2029b", true, "", "must not contain control characters (U+2029)"},
      // Bidirectional embeddings, overrides and isolates are refused.
      {"LRE", "a\u202Ab", true, "", "must not contain bidirectional controls (U+202A)"},
      {"RLO", "Сума \u202E0001", true, "", "must not contain bidirectional controls (U+202E)"},
      {"LRI", "\u2066x", true, "", "must not contain bidirectional controls (U+2066)"},
      {"PDI", "x\u2069", true, "", "must not contain bidirectional controls (U+2069)"},
      // Empty or blank.
      {"empty, required", "", true, "", "must not be empty"},
      {"empty, optional", "", false, "", ""},
      {"only zero-width, required", "\u200B\uFEFF", true, "", "must not be empty"},
      {"spaces", "   ", true, "", "must not be blank (it holds nothing but spaces)"},
      {"no-break spaces", "\u00A0\u00A0", true, "",
       "must not be blank (it holds nothing but spaces)"},
      {"unicode spaces", "\u2002\u2003\u2009\u200A\u202F\u205F\u3000", true, "",
       "must not be blank (it holds nothing but spaces)"},
      {"hangul filler", "\u3164", true, "", "must not be blank (it holds nothing but spaces)"},
      {"spaces and zero-width", " \u200B ", true, "",
       "must not be blank (it holds nothing but spaces)"},
      {"blank, optional: not given", " \u00A0 ", false, "", ""},
      // Not UTF-8.
      {"bad byte", "a\xffz", true, "", "is not valid UTF-8"},
      {"overlong slash", "\xC0\xAF", true, "", "is not valid UTF-8"},
      {"surrogate", "\xED\xA0\x80", true, "", "is not valid UTF-8"},
  };
  for (const TextCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> r = CleanText(c.text, "name", 500, c.required);
    if (c.error.empty()) {
      ASSERT_TRUE(r.ok()) << r.status().message();
      EXPECT_EQ(*r, c.cleaned);
      EXPECT_TRUE(ValidateText(c.text, "name", 500, c.required).ok());
    } else {
      ASSERT_FALSE(r.ok()) << "accepted as \"" << *r << "\"";
      EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
      ASSERT_EQ(r.status().errors().size(), 1u);
      EXPECT_EQ(r.status().errors()[0].field, "name");
      EXPECT_EQ(r.status().errors()[0].message, c.error);
      EXPECT_EQ(ValidateText(c.text, "name", 500, c.required).message(), r.status().message());
    }
  }
}

TEST(TextTest, TheByteLimitCountsTheCleanedText) {
  EXPECT_TRUE(CleanText(std::string(10, 'x'), "f", 10).ok());
  EXPECT_EQ(CleanText(std::string(11, 'x'), "f", 10).status().message(),
            "f: must be at most 10 bytes");
  // Zero-width characters removed do not count.
  EXPECT_EQ(*CleanText(std::string(10, 'x') + "\u200B", "f", 10), std::string(10, 'x'));
  // A two-byte letter is two bytes.
  EXPECT_FALSE(CleanText("ааааааа", "f", 10).ok());
}

TEST(TextTest, EveryCodePointOfTheTableIsClassified) {
  struct Expect {
    uint32_t cp;
    TextChar kind;
  };
  for (const Expect& e : std::vector<Expect>{
           {'A', TextChar::kKeep},       {0x0000, TextChar::kControl}, {0x001F, TextChar::kControl},
           {0x0020, TextChar::kSpace},   {0x007E, TextChar::kKeep},    {0x007F, TextChar::kControl},
           {0x009F, TextChar::kControl}, {0x00A0, TextChar::kSpace},   {0x00A1, TextChar::kKeep},
           {0x0416, TextChar::kKeep},    {0x1680, TextChar::kSpace},   {0x2000, TextChar::kSpace},
           {0x200A, TextChar::kSpace},   {0x200B, TextChar::kRemove},  {0x200F, TextChar::kRemove},
           {0x2010, TextChar::kKeep},    {0x2028, TextChar::kControl}, {0x202A, TextChar::kBidi},
           {0x202E, TextChar::kBidi},    {0x202F, TextChar::kSpace},   {0x205F, TextChar::kSpace},
           {0x2060, TextChar::kRemove},  {0x2065, TextChar::kKeep},    {0x2066, TextChar::kBidi},
           {0x2069, TextChar::kBidi},    {0x3000, TextChar::kSpace},   {0xFEFF, TextChar::kRemove},
           {0xFFFD, TextChar::kKeep},    {0x1F4E6, TextChar::kKeep},   {0x10FFFF, TextChar::kKeep},
       }) {
    EXPECT_EQ(ClassifyTextChar(e.cp), e.kind) << CodePointName(e.cp);
  }
  EXPECT_EQ(CodePointName(0x85), "U+0085");
  EXPECT_EQ(CodePointName(0x1F4E6), "U+1F4E6");
}

}  // namespace
}  // namespace zapas

namespace zapas {
namespace {

TEST(Words, TrimBlanksTakesSpacesAndTabsAtEitherEnd) {
  EXPECT_EQ(TrimBlanks(" \tмедичне \t"), "медичне");
  EXPECT_EQ(TrimBlanks("a b"), "a b");
  EXPECT_EQ(TrimBlanks(" \t "), "");
}

TEST(Words, AsciiLowerLeavesCyrillicAsItIs) {
  EXPECT_EQ(AsciiLower("DE-HILFE"), "de-hilfe");
  EXPECT_EQ(AsciiLower("ЗСУ-A1"), "ЗСУ-a1");
}

TEST(Words, FoldCaseMakesAsciiAndUkrainianCapitalsSmall) {
  EXPECT_EQ(FoldCase("Назва ЄІЇҐ SKU"), "назва єіїґ sku");
  EXPECT_EQ(FoldCase("Партія"), "партія");
}

TEST(Words, UkrainianPluralFollowsTheLastTwoDigits) {
  const auto form = [](uint64_t n) {
    return std::string(UkrainianPlural(n, "особа", "особи", "осіб"));
  };
  EXPECT_EQ(form(0), "осіб");
  EXPECT_EQ(form(1), "особа");
  EXPECT_EQ(form(2), "особи");
  EXPECT_EQ(form(4), "особи");
  EXPECT_EQ(form(5), "осіб");
  EXPECT_EQ(form(11), "осіб");
  EXPECT_EQ(form(14), "осіб");
  EXPECT_EQ(form(21), "особа");
  EXPECT_EQ(form(112), "осіб");
  EXPECT_EQ(form(1022), "особи");
}

}  // namespace
}  // namespace zapas

namespace zapas {
namespace {

TEST(SplitOnTest, PartsBetweenSeparators) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitOn("KYIV-1,LVIV-1", ','), (V{"KYIV-1", "LVIV-1"}));
  EXPECT_EQ(SplitOn("a,,b", ','), (V{"a", "", "b"}));
  EXPECT_EQ(SplitOn("", ','), V{});
  EXPECT_EQ(SplitOn("a,", ','), V{"a"});
  EXPECT_EQ(SplitOn(",a", ','), (V{"", "a"}));
  EXPECT_EQ(SplitOn("Київ,Львів", ','), (V{"Київ", "Львів"}));
}

}  // namespace
}  // namespace zapas
