#include "domain/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace zapas {
namespace {

struct DecodeCase {
  const char* name;
  std::string text;
  size_t length;  // 0: not a valid sequence
  uint32_t cp;    // when valid
};

TEST(Utf8Test, DecodeUtf8ReadsOneCharacterOrRefusesIt) {
  const DecodeCase cases[] = {
      {"ASCII", "K", 1, 'K'},
      {"Cyrillic ї", "\xD1\x97", 2, 0x457},
      {"Cyrillic Ґ", "\xD2\x90", 2, 0x490},
      {"right single quotation mark", "\xE2\x80\x99", 3, 0x2019},
      {"above the basic plane", "\xF0\x9F\x93\xA6", 4, 0x1F4E6},
      {"the last code point", "\xF4\x8F\xBF\xBF", 4, 0x10FFFF},
      {"stray continuation byte", "\x97", 0, 0},
      {"truncated", "\xD1", 0, 0},
      {"overlong slash", "\xC0\xAF", 0, 0},
      {"surrogate", "\xED\xA0\x80", 0, 0},
      {"above U+10FFFF", "\xF4\x90\x80\x80", 0, 0},
  };
  for (const DecodeCase& c : cases) {
    uint32_t cp = 0;
    EXPECT_EQ(DecodeUtf8(c.text, 0, &cp), c.length) << c.name;
    EXPECT_EQ(Utf8SequenceLength(c.text, 0), c.length) << c.name;
    if (c.length > 0) {
      EXPECT_EQ(cp, c.cp) << c.name;
    }
  }
}

TEST(Utf8Test, DecodeUtf8StartsWhereAsked) {
  const std::string kyiv = "Київ";
  uint32_t cp = 0;
  ASSERT_EQ(DecodeUtf8(kyiv, 4, &cp), 2u);
  EXPECT_EQ(cp, 0x457u);  // ї
}

}  // namespace
}  // namespace zapas
