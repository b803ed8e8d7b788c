// CSV import (POST /api/v1/import/{kind}, `zapas import`): spreadsheets'
// habits, every bad row named with its line and column, nothing imported
// when any row is bad, the dry run, the round trip through the items export.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "domain/csv.h"
#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// (line, column) of every error of a problem reply.
std::set<std::pair<int, std::string>> BadCells(const HttpReply& r) {
  std::set<std::pair<int, std::string>> cells;
  auto errors = Arr(ParseObject(r.body), "errors");
  for (size_t i = 0; i < errors->size(); ++i) {
    auto e = At(errors, i);
    cells.insert({e->getValue<int>("line"), Str(e, "column")});
  }
  return cells;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

class ImportTest : public ZapasServerTest {
 protected:
  HttpReply Import(const std::string& kind, const std::string& csv,
                   const std::string& role = "admin", const std::string& query = "") {
    return client_->Request("POST", "/api/v1/import/" + kind + query, csv, Token(role), "",
                            "text/csv; charset=utf-8");
  }
  size_t ItemCount() { return Arr(ParseObject(Get("/items?limit=1000").body), "items")->size(); }
};

struct ImportCase {
  const char* name;
  const char* kind;
  std::string csv;
  int status;
  std::set<std::pair<int, std::string>> bad;  // for 422
};

TEST_F(ImportTest, SpreadsheetCasesEachReportedWithItsLine) {
  const std::vector<ImportCase> cases = {
      {"byte-order mark and commas",
       "items",
       "\xEF\xBB\xBFsku,name_uk,name_en,unit,category,expiry_tracked\n"
       "NFI-SOAP,Мило,Soap,pcs,hygiene,false\nNFI-TENT,Намет,Tent,pcs,shelter,no\n",
       201,
       {}},
      {"semicolons, Ukrainian titles and decimal commas",
       "receipts",
       "Склад;Донор;Дата;Документ;Артикул;Кількість;Партія;Придатний до;Ціна;Валюта\n"
       "KYIV-1;DE-HILFE;2026-11-02;DN-7;MED-IFAK;1 250;L-A;2027-05-31;1 250,50;EUR\n"
       "KYIV-1;DE-HILFE;2026-11-02;DN-7;NFI-BLANKET;2,5;;;12,00;EUR\n",
       201,
       {}},
      {"quoted newline keeps the line numbers",
       "items",
       "sku,name_uk,unit\n"
       "NFI-MAT,\"Килимок\nтуристичний\",pcs\n"
       "NFI-LAMP,Ліхтар,bucket\n",
       422,
       {{2, "name_uk"}, {4, "unit"}}},
      {"a wrong column",
       "items",
       "sku,name_uk,unit,colour\nNFI-X,Х,pcs,red\n",
       422,
       {{1, "colour"}}},
      {"a duplicate code, in the database and in the file",
       "items",
       "sku;name_uk;unit\nNFI-NEW;Нове;pcs\nMED-IFAK;Аптечка;pcs\nNFI-NEW;Нове знову;pcs\n",
       422,
       {{3, "sku"}, {4, "sku"}}},
      {"a bad date",
       "receipts",
       "warehouse,donor,date,sku,quantity,unit_value_amount,unit_value_currency\n"
       "KYIV-1,DE-HILFE,2026-11-03,NFI-BLANKET,5,10.00,EUR\n"
       "KYIV-1,DE-HILFE,2026-13-03,NFI-BLANKET,5,10.00,EUR\n",
       422,
       {{3, "date"}}},
      {"thousands grouped wrongly",
       "receipts",
       "warehouse;donor;date;sku;quantity;unit_value_amount;unit_value_currency\n"
       "KYIV-1;DE-HILFE;2026-11-03;NFI-BLANKET;12 34;10,00;EUR\n",
       422,
       {{2, "quantity"}}},
  };
  for (const ImportCase& c : cases) {
    SCOPED_TRACE(c.name);
    HttpReply r = Import(c.kind, c.csv);
    if (c.status == 201) {
      EXPECT_EQ(r.status, 201) << r.body;
      continue;
    }
    ASSERT_TRUE(IsProblem(r, c.status));
    EXPECT_EQ(BadCells(r), c.bad) << r.body;
  }
  // The good receipt: two lines in one receipt, decimal commas read exactly.
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "L-A"), "1250");
  EXPECT_NE(StockBody("?sku=MED-IFAK").find("\"amount\":\"1563125.00\""), std::string::npos)
      << "1250 × 1 250,50 EUR";
}

TEST_F(ImportTest, ThreeBadRowsAmongAThousandImportNothingAndAreAllNamed) {
  std::string csv = "sku,name_uk,name_en,unit,category,expiry_tracked\n";
  for (int i = 1; i <= 1000; ++i) {
    std::string sku = "BULK-" + std::to_string(i);
    std::string unit = "pcs", tracked = "false";
    if (i == 17) unit = "barrel";     // line 18
    if (i == 500) tracked = "maybe";  // line 501
    if (i == 999) sku = "BAD SKU";    // line 1000: spaces are not allowed in codes
    csv += sku + ",Товар " + std::to_string(i) + ",Goods," + unit + ",food," + tracked + "\n";
  }
  const size_t before = ItemCount();
  HttpReply r = Import("items", csv);
  ASSERT_TRUE(IsProblem(r, 422));
  std::set<int> lines;
  for (const auto& [line, column] : BadCells(r)) lines.insert(line);
  EXPECT_EQ(lines, (std::set<int>{18, 501, 1000})) << r.body;
  EXPECT_EQ(ItemCount(), before);

  // Without them the same file imports, in one go.
  std::string good;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    if (line.find("barrel") == std::string::npos && line.find("maybe") == std::string::npos &&
        line.find("BAD SKU") == std::string::npos) {
      good += line + "\n";
    }
  }
  HttpReply ok = Import("items", good);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ParseObject(ok.body)->getValue<int>("created"), 997);
}

TEST_F(ImportTest, ADryRunSaysWhatWouldBeCreatedAndWritesNothing) {
  const std::string csv =
      "code;kind;name;region;personal_household_size\n"
      "IDP-9001;idp_household;Домогосподарство 9001;Харківська область;4\n"
      "HOSP-1;hospital;Лікарня №1;Харківська область;\n";
  HttpReply dry = Import("recipients", csv, "warehouse", "?dry_run=1");
  ASSERT_EQ(dry.status, 200) << dry.body;
  auto summary = ParseObject(dry.body);
  EXPECT_EQ(summary->getValue<int>("created"), 2);
  EXPECT_TRUE(summary->getValue<bool>("dry_run"));
  EXPECT_EQ(Get("/recipients").body.find("IDP-9001"), std::string::npos);
  HttpReply real = Import("recipients", csv, "warehouse");
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_NE(Get("/recipients", "warehouse").body.find("\"household_size\":\"4\""),
            std::string::npos);
}

TEST_F(ImportTest, EachKindIsImportedByTheRolesThatCreateIt) {
  const std::string cash = "donor,date,amount_amount,amount_currency,account\n";
  EXPECT_TRUE(IsProblem(Import("cash", cash, "warehouse"), 403));
  EXPECT_TRUE(IsProblem(Import("items", "sku,name_uk,unit\n", "treasurer"), 403));
  EXPECT_TRUE(IsProblem(Import("receipts", "sku\n", "auditor"), 403));
  EXPECT_TRUE(IsProblem(Import("lots", "sku\n"), 404));
}

// A spreadsheet of megabytes goes over HTTP (http.max_import_bytes; the JSON
// endpoints keep their 1 MiB limit, tested in hostile_input_test.cc).
TEST_F(ImportTest, AFileOfMegabytesImportsOverHttp) {
  std::string csv =
      "warehouse;donor;date;reference;sku;quantity;lot;unit_value_amount;"
      "unit_value_currency\n";
  const int rows = 15000;
  for (int i = 0; i < rows; ++i) {
    csv += "KYIV-1;DE-HILFE;2026-11-03;Накладна великого постачання " + std::to_string(i / 100) +
           ";NFI-BLANKET;2;BL-" + std::to_string(i) + ";12,50;EUR\n";
  }
  ASSERT_GT(csv.size(), size_t{1} << 20);
  HttpReply r = Import("receipts", csv, "warehouse");
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 500);
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("rows"), rows);
  EXPECT_EQ(ParseObject(r.body)->getValue<int>("created"), rows / 100);
}

TEST_F(ImportTest, CashDonationsWithDecimalCommas) {
  ASSERT_NO_THROW(ImportSampleRates());
  Must("/accounts", R"({"code":"BK-EUR","name":"Bank EUR","currency":"EUR","kind":"bank"})",
       "treasurer");
  const std::string csv =
      "Донор;Дата;Сума;Валюта;Рахунок;Призначення\n"
      "DE-HILFE;2026-11-20;2 500,00;EUR;BK-EUR;зима\n"
      "DE-HILFE;2026-11-21;100,5;EUR;BK-NONE;\n";
  HttpReply bad = Import("cash", csv, "treasurer");
  ASSERT_TRUE(IsProblem(bad, 422));
  EXPECT_EQ(BadCells(bad), (std::set<std::pair<int, std::string>>{{3, "Рахунок"}})) << bad.body;
  HttpReply good = Import("cash", csv.substr(0, csv.rfind("DE-HILFE")), "treasurer");
  ASSERT_EQ(good.status, 201) << good.body;
  HttpReply report = Get("/reports/reconciliation?from=2026-11-01&to=2026-11-30", "treasurer");
  EXPECT_NE(report.body.find("\"amount\":\"2500.00\",\"currency\":\"EUR\""), std::string::npos)
      << report.body;
}

TEST_F(ImportTest, ExportedItemsImportIntoANewDatabaseIdentically) {
  ASSERT_EQ(Import("items",
                   "sku;name_uk;name_en;unit;category;expiry_tracked\n"
                   "NFI-WARM;\"Ковдра \"\"Зима\"\", тепла\";\"Blanket; warm\";pcs;shelter;false\n"
                   "FOOD-RICE;Рис;Rice;kg;food;true\n")
                .status,
            201);
  HttpReply exported = Get("/export/items", "auditor");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(MediaType(exported.content_type), "text/csv");

  ServerProcess other;
  ASSERT_EQ(other.AddUser("admin", "admin", "admin-password-1"), 0);
  ASSERT_NO_THROW(other.Start());
  HttpClient client(other.port());
  HttpReply login = client.Post("/api/v1/sessions", LoginBody("admin", "admin-password-1"));
  const std::string token = Str(ParseObject(login.body), "token");
  HttpReply imported = client.Request("POST", "/api/v1/import/items", exported.body, token, "",
                                      "text/csv; charset=utf-8");
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(client.Get("/api/v1/export/items", token).body, exported.body);
  // The lists agree too, field by field (the server ids aside).
  const std::regex id("\"id\":\"[0-9]+\",");
  EXPECT_EQ(std::regex_replace(client.Get("/api/v1/items?limit=1000", token).body, id, ""),
            std::regex_replace(Get("/items?limit=1000").body, id, ""));
}

// The cells of a CSV text as they stand (quotes removed, nothing else), by row.
std::vector<std::vector<std::string>> RawCells(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      if (c == '\n') rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Text that a spreadsheet would run, in every CSV Zapas writes: defused, and
// a Zapas export imports back as the original text.
TEST_F(ImportTest, NoCellOfAnExportRunsAsAFormulaAndTheExportImportsBack) {
  ImportSampleRates();
  Must(
      "/items",
      R"J({"sku":"EVIL-1","name":{"uk":"=1+2","en":"-2+3 cmd|' /C calc'!A0"},"unit":"pcs","category":"+SUM(1+1)","expiry_tracked":false})J");
  Must(
      "/items",
      R"J({"sku":"EVIL-2","name":{"uk":"@SUM(A1:A9)","en":"'=already quoted"},"unit":"kg","category":"=HYPERLINK(\"http://x\",\"y\")","expiry_tracked":false})J");
  Must("/recipients",
       R"({"code":"MU-EVIL","kind":"military_unit","name":"=cmd","region":"+Донецька область"})");
  Receive("KYIV-1", "EVIL-1", "10", "E-1", "", "1.00");
  Must("/deliveries", DeliveryBody("KYIV-1", "EVIL-1", "2", "2026-11-10", "MU-EVIL"), "warehouse");
  for (const std::string path : {"/export/items", "/export/hxl/distributions"}) {
    HttpReply r = Get(path, "auditor");
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    for (const auto& row : RawCells(r.body)) {
      for (const std::string& cell : row) {
        if (cell.empty() || IsCsvNumber(cell)) continue;
        EXPECT_TRUE(cell[0] != '=' && cell[0] != '+' && cell[0] != '-' && cell[0] != '@' &&
                    cell[0] != '\t' && cell[0] != '\r')
            << path << ": \"" << cell << "\"";
      }
    }
  }
  // The export, its codes renamed, imports back to the same names.
  std::string exported = Get("/export/items", "auditor").body;
  for (const char* sku : {"EVIL-1", "EVIL-2"}) {
    exported.replace(exported.find(sku), std::strlen(sku), std::string(sku) + "X");
  }
  std::string evil;  // the header and the two rows
  std::istringstream lines(exported);
  for (std::string line; std::getline(lines, line);) {
    if (evil.empty() || line.find("EVIL-") != std::string::npos) evil += line + "\n";
  }
  HttpReply imported = Import("items", evil);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string items = Get("/items?limit=1000").body;
  for (const char* name :
       {R"J("uk":"=1+2")J", R"J("en":"-2+3 cmd|' /C calc'!A0")J", R"J("category":"+SUM(1+1)")J",
        R"J("uk":"@SUM(A1:A9)")J", R"J("en":"'=already quoted")J"}) {
    size_t first = items.find(name);
    ASSERT_NE(first, std::string::npos) << name << " in " << items;
    EXPECT_NE(items.find(name, first + 1), std::string::npos) << name << " imported back";
  }
}

TEST_F(ImportTest, TheCommandLineImportsAllOrNothing) {
  server_->Stop();
  const std::string dir = server_->dir();
  WriteFile(dir + "/bad.csv",
            "warehouse;donor;date;reference;sku;quantity;unit_value_amount;unit_value_currency\n"
            "KYIV-1;DE-HILFE;2026-11-04;R-1;NFI-BLANKET;3;5,00;EUR\n"
            "KYIV-1;DE-HILFE;2026-11-04;R-1;NO-SUCH;3;5,00;EUR\n"
            "LVIV-1;DE-HILFE;2026-11-04;R-2;NFI-BLANKET;-1;5,00;EUR\n");
  std::string out = server_->Run({"import", "receipts", dir + "/bad.csv"});
  EXPECT_NE(out.find("line 3: sku: unknown SKU \"NO-SUCH\""), std::string::npos) << out;
  EXPECT_NE(out.find("line 4: quantity: "), std::string::npos) << out;
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;

  WriteFile(dir + "/good.csv",
            "warehouse;donor;date;reference;sku;quantity;unit_value_amount;unit_value_currency\n"
            "KYIV-1;DE-HILFE;2026-11-04;R-1;NFI-BLANKET;3;5,00;EUR\n"
            "LVIV-1;DE-HILFE;2026-11-04;R-2;NFI-BLANKET;4;5,00;EUR\n");
  out = server_->Run({"import", "receipts", dir + "/good.csv", "--dry-run"});
  EXPECT_NE(out.find("2 receipts would be imported"), std::string::npos) << out;
  out = server_->Run({"import", "receipts", dir + "/good.csv"});
  EXPECT_NE(out.find("2 receipts imported"), std::string::npos) << out;
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;

  server_->Start();
  Reconnect();
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "GRN-2026-000001/1"), "3");
  EXPECT_EQ(StockQty("LVIV-1", "NFI-BLANKET", "GRN-2026-000002/1"), "4");
}

}  // namespace
}  // namespace zapas::testing
