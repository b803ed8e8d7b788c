// Codes and lot names (domain/entities.h), and the catalog's hint for a code
// that differs only in case (domain/catalog.h). Table-driven.
#include "domain/entities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/catalog.h"

namespace zapas {
namespace {

struct CodeCase {
  std::string code;
  bool code_ok;       // ValidateCode: a new code
  bool reference_ok;  // ValidateCodeReference: a code a request names
  bool lot_ok;        // ValidateLotName
};

TEST(CodeTest, EachRuleTakesWhatTheTableSays) {
  const std::vector<CodeCase> cases = {
      {"DE-HILFE", true, true, true},
      {"bk-eur", true, true, true},
      {"MED_IFAK.2026", true, true, true},
      {"A", true, true, true},
      {"0", true, true, true},
      {"x~1", true, true, false},  // unreserved in a URL; not in lot names
      {std::string(64, 'X'), true, true, true},
      {std::string(65, 'X'), false, false, false},
      {"", false, false, false},
      {".", false, true, true},
      {"..", false, true, true},
      {"...", true, true, true},
      {".hidden", true, true, true},
      {"A/B", false, true, true},  // stored before, still named; lots hold "/"
      {"GRN-2026-000001/1", false, true, true},
      {"a?b", false, false, false},
      {"a#b", false, false, false},
      {"a%2Fb", false, false, false},
      {"a b", false, false, false},
      {"a+b", false, false, false},
      {"a:b", false, false, false},
      {"a@b", false, false, false},
      {"a\\b", false, false, false},
      {"a'b", false, false, false},
      {std::string("a\0b", 3), false, false, false},
      {"ключ", false, false, false},
      {"Ａ", false, false, false},  // FULLWIDTH A
  };
  for (const CodeCase& c : cases) {
    SCOPED_TRACE("\"" + c.code + "\"");
    Status code = ValidateCode(c.code, "code");
    Status reference = ValidateCodeReference(c.code, "donor");
    Status lot = ValidateLotName(c.code, "lot");
    EXPECT_EQ(code.ok(), c.code_ok) << code.message();
    EXPECT_EQ(reference.ok(), c.reference_ok) << reference.message();
    EXPECT_EQ(lot.ok(), c.lot_ok) << lot.message();
    for (const Status* s : {&code, &reference, &lot}) {
      if (s->ok()) continue;
      EXPECT_EQ(s->code(), StatusCode::kInvalid);
      ASSERT_EQ(s->errors().size(), 1u);
    }
    if (!code.ok()) {
      EXPECT_EQ(code.errors()[0].field, "code");
    }
    if (!reference.ok()) {
      EXPECT_EQ(reference.errors()[0].field, "donor");
    }
  }
}

TEST(CodeTest, MessagesNameWhatIsAllowed) {
  EXPECT_EQ(ValidateCode("a/b", "sku").message(), "sku: may hold only letters, digits and - . _ ~");
  EXPECT_EQ(ValidateCode("..", "code").message(), "code: must not be \".\" or \"..\"");
  EXPECT_EQ(ValidateCode("", "code").message(), "code: must not be empty");
  EXPECT_EQ(ValidateCode(std::string(65, 'a'), "code").message(),
            "code: must be at most 64 characters");
  EXPECT_EQ(ValidateLotName("a~b", "lines[0].lot").message(),
            "lines[0].lot: may hold only letters, digits and - _ . /");
}

TEST(CodeTest, CaseIsFoldedForAsciiLettersOnly) {
  EXPECT_EQ(FoldCodeCase("DE-HILFE"), "de-hilfe");
  EXPECT_EQ(FoldCodeCase("Bk-Eur_1.~"), "bk-eur_1.~");
  EXPECT_EQ(FoldCodeCase(FoldCodeCase("MiXeD")), "mixed");
}

TEST(CodeTest, UnknownCodesAreNamedWithTheCodeThatDiffersInCase) {
  EXPECT_EQ(UnknownCodeMessage(CodeKind::kDonor, "de-hilfe"), "unknown donor \"de-hilfe\"");
  EXPECT_EQ(UnknownCodeMessage(CodeKind::kDonor, "de-hilfe", "DE-HILFE"),
            "unknown donor \"de-hilfe\"; did you mean \"DE-HILFE\"?");
  EXPECT_EQ(UnknownCodeMessage(CodeKind::kItem, "med-ifak"), "unknown SKU \"med-ifak\"");
  EXPECT_EQ(UnknownCodeMessage(CodeKind::kAccount, "x"), "unknown account \"x\"");

  Catalog catalog;
  catalog.AddDonor(Donor{1, "DE-HILFE", "Hilfe", "DE", FindCurrency("EUR")});
  catalog.AddItem(Item{1, "MED-IFAK", "Аптечка", "First-aid kit", Unit::kPcs, "", true});
  catalog.AddWarehouse(Warehouse{1, "KYIV-1", "Склад", "Київ"});
  catalog.AddRecipient(Recipient{1, "MU-A1234", RecipientKind::kMilitaryUnit, "ВЧ", "", ""});
  EXPECT_EQ(catalog.CodeLike(CodeKind::kDonor, "de-hilfe"), "DE-HILFE");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kDonor, "DE-HILFE"), "DE-HILFE");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kDonor, "de-hilfe-2"), "");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kWarehouse, "de-hilfe"), "");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kItem, "Med-Ifak"), "MED-IFAK");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kWarehouse, "kyiv-1"), "KYIV-1");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kRecipient, "mu-a1234"), "MU-A1234");
  EXPECT_EQ(catalog.CodeLike(CodeKind::kAccount, "anything"), "");
  EXPECT_EQ(catalog.Unknown(CodeKind::kDonor, "de-hilfe"),
            "unknown donor \"de-hilfe\"; did you mean \"DE-HILFE\"?");
  EXPECT_EQ(catalog.Unknown(CodeKind::kDonor, "PL-POMOC"), "unknown donor \"PL-POMOC\"");
  // Lookups stay exact.
  EXPECT_EQ(catalog.DonorByCode("de-hilfe"), nullptr);
  EXPECT_NE(catalog.DonorByCode("DE-HILFE"), nullptr);
}

TEST(CodeTest, AnOlderPairThatDiffersInCaseHintsAtTheFirst) {
  Catalog catalog;
  catalog.AddDonor(Donor{1, "abc", "first", "", FindCurrency("UAH")});
  catalog.AddDonor(Donor{2, "ABC", "second", "", FindCurrency("UAH")});
  EXPECT_EQ(catalog.CodeLike(CodeKind::kDonor, "Abc"), "abc");
  EXPECT_EQ(catalog.DonorByCode("ABC")->name, "second");
}

}  // namespace
}  // namespace zapas
