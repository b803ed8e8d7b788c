// The donor-facing exports: HXL-tagged deliveries and IATI 2.03 activities
// (validated against the official schema with xmllint), over HTTP and on the
// command line, and none of them carrying a recipient's personal data.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// What identifies the displaced households of this test: none of it may leave
// in an export.
const std::vector<std::string> kPersonal = {"Secretenko",    "+380671112233", "KB-445566",
                                            "IDP-PRIV-77",   "Household 77",  "Олена",
                                            "+380501234567", "IDP-000117"};

class StandardsExportTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    ASSERT_NO_THROW(ImportSampleRates());
    Must("/accounts", R"({"code":"BK-EUR","name":"Bank EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must(
        "/cash/donations",
        R"({"donor":"DE-HILFE","date":"2026-11-20","account":"BK-EUR","amount":{"amount":"2500.00","currency":"EUR"}})",
        "treasurer");
    Must(
        "/cash/payments",
        R"({"date":"2026-11-22","account":"BK-EUR","purpose":"Fuel","donor":"DE-HILFE","amount":{"amount":"300.00","currency":"EUR"}})",
        "treasurer");
    Must(
        "/recipients",
        R"({"code":"IDP-PRIV-77","kind":"idp_household","name":"Household 77 Secretenko","region":"Харківська область","personal":{"names":["Zoryana Secretenko"],"phone":"+380671112233","document":"KB-445566","household_size":5}})");
    Receive("KYIV-1", "FOOD-KIT", "100", "FK-1", "2027-06-30", "25.00", "2026-11-05");
    Receive("KYIV-1", "NFI-BLANKET", "50", "BL-1", "", "12.50", "2026-11-05");
    Must("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "2", "2026-11-10", "IDP-PRIV-77"),
         "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-11-11", "IDP-PRIV-77"),
         "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "1", "2026-11-12", "IDP-000117"),
         "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "10", "2026-11-12"), "warehouse");
  }

  // xmllint's verdict on `xml` against the IATI 2.03 activity schema.
  std::string ValidateIati(const std::string& xml) {
    const std::string file = server_->dir() + "/iati.xml";
    std::ofstream(file, std::ios::binary) << xml;
    int status = -1;
    std::string out = Shell("sh -c 'xmllint --noout --schema " + std::string(ZAPAS_TEST_DATA) +
                                "/iati/iati-activities-schema.xsd " + file + " 2>&1'",
                            &status);
    return status == 0 ? "valid" : out;
  }

  void ExpectNoPersonalData(const std::string& what, const std::string& text) {
    for (const std::string& p : kPersonal) {
      EXPECT_EQ(text.find(p), std::string::npos) << what << " carries \"" << p << "\":\n" << text;
    }
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(StandardsExportTest, HxlHasTheHashtagRowAndSumsDeliveries) {
  HttpReply r = Get("/export/hxl/distributions?from=2026-11-01&to=2026-11-30", "auditor");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(MediaType(r.content_type), "text/csv");
  auto lines = Lines(r.body);
  ASSERT_GE(lines.size(), 3u) << r.body;
  EXPECT_EQ(lines[0].rfind("Month,Region,Recipient kind,Item,", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1],
            "#date,#adm1+name,#org+recipient+type,#item+name,#item+code,#item+unit,#output+num,"
            "#value+uah,#value+usd,#org+funding,#reached+hh,#reached+ind");
  // The food kits of both households, in their two regions; one household
  // of 5 people in Kharkiv.
  EXPECT_NE(r.body.find("2026-11,Харківська область,idp_household,Food kit,FOOD-KIT,set,2,"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(",Ukraine-Hilfe Berlin e.V.,1,5\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("2026-11,Донецька область,military_unit,Blanket,NFI-BLANKET,pcs,10,"),
            std::string::npos)
      << r.body;
  ExpectNoPersonalData("HXL", r.body);

  // Outside the period: the two header rows only.
  HttpReply october = Get("/export/hxl/distributions?from=2026-10-01&to=2026-10-31", "treasurer");
  EXPECT_EQ(Lines(october.body).size(), 2u) << october.body;
  EXPECT_TRUE(IsProblem(Get("/export/hxl/distributions?from=2026-11-31"), 422));
}

TEST_F(StandardsExportTest, IatiValidatesAgainstTheSchema) {
  HttpReply r = Get("/export/iati?from=2026-11-01&to=2026-11-30", "auditor");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(MediaType(r.content_type), "application/xml");
  EXPECT_EQ(ValidateIati(r.body), "valid") << r.body;
  for (const char* part :
       {"<iati-activities version=\"2.03\"", "humanitarian=\"1\"", "<transaction-type code=\"1\"/>",
        "<transaction-type code=\"4\"/>",
        "<value currency=\"EUR\" value-date=\"2026-11-20\">2500.00</value>",
        "<value currency=\"EUR\" value-date=\"2026-11-22\">300.00</value>",
        "Goods received in kind", "Goods distributed in kind",
        "<sector vocabulary=\"1\" code=\"72040\"/>", "<sector vocabulary=\"1\" code=\"72010\"/>",
        "<finance-type code=\"110\"/>", "<provider-org><narrative>Ukraine-Hilfe Berlin e.V."}) {
    EXPECT_NE(r.body.find(part), std::string::npos) << part << "\n" << r.body;
  }
  ExpectNoPersonalData("IATI", r.body);

  HttpReply one = Get("/export/iati?donor=DE-HILFE", "treasurer");
  EXPECT_EQ(ValidateIati(one.body), "valid") << one.body;
  EXPECT_TRUE(IsProblem(Get("/export/iati?donor=NOBODY"), 404));
  EXPECT_TRUE(IsProblem(Get("/export/iati", "warehouse"), 403));
}

TEST_F(StandardsExportTest, TheCommandLineWritesTheSameExports) {
  const std::string dir = server_->dir();
  std::string out = server_->Run({"export", "iati", "--from", "2026-11-01", "--to", "2026-11-30",
                                  "--donor", "DE-HILFE", "-o", dir + "/cli.xml"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  const std::string xml = ReadText(dir + "/cli.xml");
  EXPECT_EQ(ValidateIati(xml), "valid") << xml;
  ExpectNoPersonalData("IATI (CLI)", xml);

  out = server_->Run({"export", "hxl", "--from", "2026-11-01", "--to", "2026-11-30"});
  HttpReply http = Get("/export/hxl/distributions?from=2026-11-01&to=2026-11-30", "auditor");
  EXPECT_EQ(out, http.body + "\nexit 0");

  out = server_->Run({"export", "items"});
  EXPECT_EQ(out, Get("/export/items").body + "\nexit 0");
  ExpectNoPersonalData("items", out);

  out = server_->Run({"export", "hxl", "--from", "someday"});
  EXPECT_NE(out.find("--from: "), std::string::npos) << out;
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
}

}  // namespace
}  // namespace zapas::testing
