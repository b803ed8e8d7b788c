// User names and passwords (services/user_names.h), in process and
// table-driven: what is stored (NFC), what is refused and why, which names
// are one name.
#include "services/user_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zapas {
namespace {

struct FormCase {
  const char* name;
  std::string username;
  std::string stored;  // when accepted
  std::string error;   // when refused: the field error's message
};

TEST(UserNamesTest, TheFormOfANewNameIsCheckedAndStoredInNfc) {
  const std::vector<FormCase> cases = {
      {"latin", "sklad", "sklad", ""},
      {"cyrillic", "Олена", "Олена", ""},
      {"two words", "Olena Kovalenko", "Olena Kovalenko", ""},
      {"punctuation and digits", "o.k-2_x@kyiv", "o.k-2_x@kyiv", ""},
      {"cyrillic with digits", "Олена1", "Олена1", ""},
      {"latin with han", "li李", "li李", ""},
      {"decomposed й becomes precomposed", "Андріи\u0306", "Андрій", ""},
      {"decomposed ї becomes precomposed", "\u0406\u0308гор", "Їгор", ""},
      {"empty", "", "", "must not be empty"},
      {"only spaces", "   ", "", "must not be blank (it holds nothing but spaces)"},
      {"leading space", " sklad", "", "must not begin or end with a space"},
      {"trailing space", "sklad ", "", "must not begin or end with a space"},
      {"no-break space", "sk\u00A0lad", "",
       "must not contain white space other than plain spaces (U+00A0)"},
      {"ideographic space", "sk\u3000lad", "",
       "must not contain white space other than plain spaces (U+3000)"},
      {"tab", "sk\tlad", "", "must not contain control characters (U+0009)"},
      {"NUL", std::string("sk\0lad", 6), "", "must not contain control characters (U+0000)"},
      {"C1", "sk\xC2\x85lad", "", "must not contain control characters (U+0085)"},
      {"zero-width space", "sk\u200Blad", "", "must not contain invisible characters (U+200B)"},
      {"zero-width joiner", "sk\u200Dlad", "", "must not contain invisible characters (U+200D)"},
      {"soft hyphen", "sk\u00ADlad", "", "must not contain invisible characters (U+00AD)"},
      {"word joiner", "sk\u2060lad", "", "must not contain invisible characters (U+2060)"},
      {"byte-order mark", "\uFEFFsklad", "", "must not contain invisible characters (U+FEFF)"},
      {"right-to-left override", "\u202Esklad", "",
       "must not contain invisible characters (U+202E)"},
      {"left-to-right isolate", "\u2066sklad", "",
       "must not contain invisible characters (U+2066)"},
      {"hangul filler", "\u3164", "", "must not contain invisible characters (U+3164)"},
      {"private use", "sklad\uE000", "",
       "must not contain unassigned or private-use characters (U+E000)"},
      {"unassigned", "sklad\xCD\xB8", "",
       "must not contain unassigned or private-use characters (U+0378)"},
      {"latin with a cyrillic а", "skl\u0430d", "",
       "mixes Latin and Cyrillic letters, which can pass for another name; use one script"},
      {"cyrillic ѕ with latin", "\u0455klad", "",
       "mixes Cyrillic and Latin letters, which can pass for another name; use one script"},
      {"latin and greek", "\u03BFlena", "",
       "mixes Greek and Latin letters, which can pass for another name; use one script"},
      {"two words in two scripts", "Ivan Петренко", "",
       "mixes Latin and Cyrillic letters, which can pass for another name; use one script"},
      {"too long", std::string(101, 'a'), "", "must be at most 100 bytes"},
      {"not UTF-8", "sk\xfflad", "", "is not valid UTF-8"},
  };
  for (const FormCase& c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::string> r = CheckUsernameForm(c.username, "NAME");
    if (c.error.empty()) {
      ASSERT_TRUE(r.ok()) << r.status().message();
      EXPECT_EQ(*r, c.stored);
    } else {
      ASSERT_FALSE(r.ok()) << "accepted as \"" << *r << "\"";
      EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
      ASSERT_EQ(r.status().errors().size(), 1u);
      EXPECT_EQ(r.status().errors()[0].field, "NAME");
      EXPECT_EQ(r.status().errors()[0].message, c.error);
    }
  }
}

struct FreeCase {
  const char* name;
  std::string username;
  std::vector<std::string> existing;
  std::string like;  // the existing name it is refused for, or "" when free
};

TEST(UserNamesTest, NamesThatDifferOnlyInCaseOrLookAlikeLettersAreOneName) {
  const std::vector<std::string> users = {"admin", "sklad", "kasa", "audit", "donor"};
  const std::vector<FreeCase> cases = {
      {"a new name", "olena", users, ""},
      {"a new cyrillic name", "Олена", users, ""},
      {"capitals", "SKLAD", users, "sklad"},
      {"mixed case", "Admin", users, "admin"},
      {"a cyrillic ѕ", "\u0455klad", users, "sklad"},
      {"a cyrillic а", "skl\u0430d", users, "sklad"},
      {"all cyrillic look-alikes", "\u0441\u0435\u043E", {"ceo"}, "ceo"},
      {"all cyrillic, capitals", "\u0421\u0415\u041E", {"ceo"}, "ceo"},
      {"rn for m", "adrnin", users, "admin"},
      {"the digit one for l", "sk1ad", users, "sklad"},
      {"the same name", "kasa", users, "kasa"},
      {"a stored name in another form", "Андрій", {"Андріи\u0306"}, "Андріи\u0306"},
      {"cyrillic beside latin that looks different", "Олена", {"olena"}, ""},
      {"no users yet", "sklad", {}, ""},
  };
  for (const FreeCase& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = CheckUsernameFree(c.username, c.existing, "NAME");
    if (c.like.empty()) {
      EXPECT_TRUE(s.ok()) << s.message();
      continue;
    }
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kConflict);
    ASSERT_EQ(s.errors().size(), 1u);
    EXPECT_EQ(s.errors()[0].field, "NAME");
    EXPECT_NE(s.message().find("\"" + c.like + "\""), std::string::npos) << s.message();
  }
  EXPECT_EQ(CheckUsernameFree("SKLAD", users, "NAME").message(),
            "NAME: \"SKLAD\" looks like the existing user \"sklad\" (names that differ only in "
            "case or in look-alike letters are one name)");
  EXPECT_EQ(CheckUsernameFree("kasa", users, "NAME").message(),
            "NAME: user \"kasa\" already exists");
}

TEST(UserNamesTest, ATypedNameIsLookedUpInNfc) {
  EXPECT_EQ(*NormalizeUsername("Андріи\u0306"), "Андрій");
  EXPECT_EQ(*NormalizeUsername("Андрій"), "Андрій");
  EXPECT_EQ(*NormalizeUsername("sklad"), "sklad");
  EXPECT_EQ(NormalizeUsername("\xff").status().code(), StatusCode::kInvalid);
}

TEST(UserNamesTest, APasswordHasAtLeastTenCharactersCountedAsCodePoints) {
  struct Case {
    std::string password;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{
           {"123456789", false},
           {"1234567809", true},
           {"1234567890", false},  // on the list of common passwords
           {"QwertyUiop", false},  // the list is compared ignoring case
           {"ЙЦУКЕНГШЩЗ", false},
           {"пароль123", false},  // 9 characters in 15 bytes
           {"парольпаро", true},  // 10 characters
           {"ключ🔑ключ🔑", true},  // 10 characters, two of them outside the BMP
           {"", false},
       }) {
    SCOPED_TRACE(c.password);
    Status s = CheckNewPassword(c.password, "password");
    EXPECT_EQ(s.ok(), c.ok) << s.message();
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kInvalid);
    }
  }
  EXPECT_EQ(CheckNewPassword("пароль123", "password").message(),
            "password: must have at least 10 characters (it has 9)");
}

}  // namespace
}  // namespace zapas
