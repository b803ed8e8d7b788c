// Personal data in what Zapas prints and exports: every role against every
// document. What a role may not read in the JSON (a household's people, who
// received a delivery) is left out of what it prints, and every printed read
// of personal data is in GET /personal-reads before the bytes leave.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

const char* kHousehold =
    R"({"code":"IDP-SH-1","kind":"idp_household","name":"Шевченко Оксана Петрівна","region":"Київська область","personal":{"names":["Шевченко Оксана Петрівна","Шевченко Тарас"],"phone":"+380671234567","documents":["НК 482913"],"household_size":4}})";

// Everything written into `personal` or `received_by` below, whole and in parts.
const std::vector<std::string>& PersonalStrings() {
  static const std::vector<std::string> strings = {"Шевченко Оксана Петрівна",
                                                   "Оксана",
                                                   "Петрівна",
                                                   "Шевченко",
                                                   "Тарас",
                                                   "+380671234567",
                                                   "380671234567",
                                                   "НК 482913",
                                                   "482913",
                                                   "Сержант Коваль",
                                                   "Коваль",
                                                   "АА 123456",
                                                   "123456"};
  return strings;
}

class PersonalDocumentsTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    Must(
        "/rates",
        R"([{"r030":978,"txt":"Євро","rate":47.5,"cc":"EUR","exchangedate":"01.10.2026"},{"r030":840,"txt":"Долар США","rate":41.2,"cc":"USD","exchangedate":"01.10.2026"}])",
        "treasurer");
    Must("/recipients", kHousehold, "warehouse");
    receipt_ = Str(Receive("KYIV-1", "NFI-BLANKET", "100", "BL-1", "", "8.00"), "id");
    household_ =
        Str(Must("/deliveries",
                 DeliveryBody("KYIV-1", "NFI-BLANKET", "3", "2026-11-10", "IDP-SH-1"), "warehouse"),
            "id");
    unit_ = Str(
        Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "5", "2026-11-10"), "warehouse"),
        "id");
    Must(
        "/deliveries/" + household_ + "/confirm",
        R"({"received_by":"Шевченко Тарас, паспорт НК 482913","received_at":"2026-11-11T10:00:00Z"})",
        "warehouse");
    Must(
        "/deliveries/" + unit_ + "/confirm",
        R"({"received_by":"Сержант Коваль, посвідчення АА 123456","received_at":"2026-11-11T11:00:00Z"})",
        "warehouse");
  }

  // The body as text: a PDF through pdftotext, anything else as it is.
  std::string TextOf(const HttpReply& r, const std::string& name) {
    if (MediaType(r.content_type) != "application/pdf") return r.body;
    const std::string file = server_->dir() + "/" + name + ".pdf";
    std::ofstream(file, std::ios::binary) << r.body;
    return Shell("pdftotext " + file + " -");
  }

  int64_t PersonalReads() {
    return static_cast<int64_t>(
        Arr(ParseObject(Get("/personal-reads", "admin").body), "items")->size());
  }

  std::string receipt_, household_, unit_;
};

TEST_F(PersonalDocumentsTest, EveryRoleGetsWhatItMayReadInEveryDocument) {
  const std::string period = "?from=2026-10-01&to=2026-11-30";
  const std::vector<std::pair<std::string, std::string>> documents = {
      {"waybill of a household", "/deliveries/" + household_ + "/waybill.pdf"},
      {"act of a military unit", "/deliveries/" + unit_ + "/waybill.pdf"},
      {"goods received note", "/receipts/" + receipt_ + "/grn.pdf"},
      {"audit report", "/reports/audit.pdf" + period},
      {"donor report", "/reports/donor/DE-HILFE.pdf" + period},
      {"donor report in Ukrainian", "/reports/donor/DE-HILFE.pdf" + period + "&lang=uk"},
      {"reconciliation", "/reports/reconciliation" + period},
      {"journal export", "/export/journal?to=2026-11-30"},
      {"HXL export", "/export/hxl/distributions" + period},
      {"IATI export", "/export/iati" + period},
      {"items export", "/export/items"},
      {"household delivery", "/deliveries/" + household_},
      {"unit delivery", "/deliveries/" + unit_},
  };
  std::map<std::string, int> read;  // role -> documents it could fetch
  for (const char* role : {"admin", "warehouse", "treasurer", "auditor", "donor"}) {
    const bool personal = std::string(role) == "admin" || std::string(role) == "warehouse";
    for (const auto& [name, path] : documents) {
      const int64_t logged_before = PersonalReads();
      HttpReply r = Get(path, role);
      if (r.status == 403) continue;
      ASSERT_EQ(r.status, 200) << role << " " << name << ": " << r.body.substr(0, 300);
      ++read[role];
      const std::string text = TextOf(r, std::string(role) + "-" + std::to_string(read[role]));
      if (!personal) {
        for (const std::string& s : PersonalStrings()) {
          EXPECT_EQ(text.find(s), std::string::npos)
              << role << " reads \"" << s << "\" in the " << name;
        }
        EXPECT_EQ(PersonalReads(), logged_before) << role << " " << name;
        continue;
      }
      // Those who hand out aid see who received it, and the read is logged.
      if (name == "waybill of a household" || name == "household delivery") {
        EXPECT_NE(text.find("Шевченко Тарас"), std::string::npos) << role << " " << name;
        EXPECT_EQ(PersonalReads(), logged_before + 1) << role << " " << name;
      }
      if (name == "act of a military unit" || name == "unit delivery") {
        EXPECT_NE(text.find("Сержант Коваль"), std::string::npos) << role << " " << name;
        EXPECT_EQ(PersonalReads(), logged_before + 1) << role << " " << name;
      }
    }
  }
  // Every role read what its access allows: the auditor everything here.
  EXPECT_EQ(read["auditor"], 13);
  EXPECT_EQ(read["treasurer"], 8);
  EXPECT_EQ(read["donor"], 2);
  // The auditor's waybill names the household by its kind and code.
  HttpReply auditor = Get("/deliveries/" + household_ + "/waybill.pdf", "auditor");
  const std::string text = TextOf(auditor, "auditor-waybill");
  EXPECT_NE(text.find("IDP-SH-1"), std::string::npos) << text;
  EXPECT_NE(text.find("IDP household"), std::string::npos) << text;
}

TEST_F(PersonalDocumentsTest, TheCommandLinePrintsWithPersonalDataAndLogsIt) {
  const int64_t before = PersonalReads();
  const std::string pdf = server_->dir() + "/cli-waybill.pdf";
  const std::string out = server_->Run({"print", "waybill", household_, "-o", pdf});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_NE(Shell("pdftotext " + pdf + " -").find("Шевченко Тарас"), std::string::npos);
  auto reads = Arr(ParseObject(Get("/personal-reads", "admin").body), "items");
  ASSERT_EQ(static_cast<int64_t>(reads->size()), before + 1);
  EXPECT_EQ(Str(At(reads, reads->size() - 1), "recipient"), "IDP-SH-1");
  EXPECT_EQ(Str(At(reads, reads->size() - 1), "read_by").rfind("zapas print", 0), 0u);
}

}  // namespace
}  // namespace zapas::testing
