// Codes, free text and user names from outside:
// - codes that differ only in case are one code (409 naming the stored one),
//   also when two creations race in one batch and in CSV imports, while
//   look-ups stay exact and name the code that differs only in case;
// - codes that cannot be one URL path segment are refused (422), while lot
//   names keep their "/" and codes stored before keep working;
// - free text: controls, bidirectional overrides and blank names refused
//   (422 naming the field), zero-width characters removed;
// - `zapas user add`: short passwords, look-alike and mixed-script names
//   refused; names stored in NFC and logged in by either form.
// After each, the reports a treasurer signs still answer and `zapas verify`
// passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The "detail" of a problem reply.
std::string Detail(const HttpReply& r) {
  try {
    return Str(ParseObject(r.body), "detail");
  } catch (const std::exception& e) {
    return std::string("<") + e.what() + ">";
  }
}

// The "message" of errors[0] of a problem reply.
std::string FirstErrorMessage(const HttpReply& r) {
  try {
    return Str(At(Arr(ParseObject(r.body), "errors"), 0), "message");
  } catch (const std::exception& e) {
    return std::string("<") + e.what() + ">";
  }
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs `sql` on the server's database with sqlite3 or psql; the tool's exit status.
int Tamper(const ServerProcess& server, const std::string& sql) {
  const std::string tool =
      TestOnPostgres() ? "psql -q -v ON_ERROR_STOP=1 -d " + Quote(server.db_location()) + " -c "
                       : "sqlite3 " + Quote(server.db_path()) + " ";
  int status = -1;
  Shell(tool + Quote(sql), &status);
  return status;
}

class CodesTest : public ZapasServerTest {
 protected:
  // The reports a treasurer signs answer for a month and for the year.
  void ExpectReportsAnswer() {
    ZapasServerTest::ExpectEveryReportAnswers("2026-11-01", "2026-11-30");
    ZapasServerTest::ExpectEveryReportAnswers("2026-01-01", "2026-12-31");
  }

  // Books to report on: rates, an account, a donation, a receipt.
  void SetUpBooks() {
    ImportSampleRates();
    Must("/accounts", R"({"code":"BK-EUR","name":"Рахунок EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must(
        "/cash/donations",
        R"({"donor":"DE-HILFE","date":"2026-11-02","amount":{"amount":"1000.00","currency":"EUR"},"account":"BK-EUR"})",
        "treasurer");
    Receive("KYIV-1", "NFI-BLANKET", "10", "", "", "12.00");
  }

  size_t Count(const std::string& list) {
    return Arr(ParseObject(Get(list + "?limit=1000").body), "items")->size();
  }

  HttpReply Import(const std::string& kind, const std::string& csv) {
    return client_->Request("POST", "/api/v1/import/" + kind, csv, Token("admin"), "",
                            "text/csv; charset=utf-8");
  }
};

struct CaseCode {
  const char* path;
  std::string body;  // creates something whose code differs only in case from a stored one
  const char* field;
  const char* stored;
};

TEST_F(CodesTest, CodesThatDifferOnlyInCaseAreOneCode) {
  SetUpBooks();
  const std::vector<CaseCode> cases = {
      {"/donors", R"({"code":"de-hilfe","name":"Hilfe","country":"DE","currency":"USD"})", "code",
       "DE-HILFE"},
      {"/donors", R"({"code":"De-Hilfe","name":"Hilfe","country":"DE","currency":"EUR"})", "code",
       "DE-HILFE"},
      {"/accounts", R"({"code":"bk-eur","name":"USD","currency":"USD","kind":"bank"})", "code",
       "BK-EUR"},
      {"/accounts", R"({"code":"Bk-Eur","name":"cash","currency":"EUR","kind":"cash"})", "code",
       "BK-EUR"},
      {"/items", R"({"sku":"med-ifak","name":"Аптечка","unit":"pcs"})", "sku", "MED-IFAK"},
      {"/warehouses", R"({"code":"kyiv-1","name":"Склад","region":"Київ"})", "code", "KYIV-1"},
      {"/recipients",
       R"({"code":"mu-a1234","kind":"military_unit","name":"ВЧ","region":"Донецька"})", "code",
       "MU-A1234"},
      {"/recipients",
       R"({"code":"idp-000117","kind":"idp_household","name":"Домогосподарство","region":"Київ"})",
       "code", "IDP-000117"},
  };
  const size_t donors = Count("/donors"), accounts = Count("/accounts"), items = Count("/items");
  for (const CaseCode& c : cases) {
    SCOPED_TRACE(c.body);
    HttpReply r = Post(c.path, c.body);
    ASSERT_TRUE(IsProblem(r, 409));
    EXPECT_EQ(FirstErrorField(r), c.field);
    EXPECT_TRUE(Has(Detail(r), "\"" + std::string(c.stored) + "\" exists already")) << r.body;
    EXPECT_TRUE(Has(Detail(r), "codes that differ only in case are one code")) << r.body;
  }
  // The very same code, as before.
  HttpReply same = Post("/items", R"({"sku":"MED-IFAK","name":"Аптечка","unit":"pcs"})");
  ASSERT_TRUE(IsProblem(same, 409));
  EXPECT_EQ(Detail(same), "item MED-IFAK already exists");
  EXPECT_EQ(Count("/donors"), donors);
  EXPECT_EQ(Count("/accounts"), accounts);
  EXPECT_EQ(Count("/items"), items);
  // One hledger account per Zapas account, in one currency.
  const std::string journal = Get("/export/journal", "treasurer").body;
  EXPECT_TRUE(Has(journal, "assets:bank:bk-eur")) << journal;
  EXPECT_FALSE(Has(journal, " USD")) << journal;
  ExpectReportsAnswer();
}

TEST_F(CodesTest, TwoCreationsRacingInOneBatchCannotBothPass) {
  const std::string token = Token("admin");
  for (int round = 0; round < 10; ++round) {
    const std::string code = "RACE-" + std::to_string(round);
    std::vector<std::future<int>> posts;
    for (const std::string& spelled : {code, "race-" + std::to_string(round)}) {
      posts.push_back(std::async(std::launch::async, [this, token, spelled] {
        HttpClient client(server_->port());
        return client
            .Post("/api/v1/warehouses",
                  R"({"code":")" + spelled + R"(","name":"Склад","region":"Київ"})", token)
            .status;
      }));
    }
    std::vector<int> statuses;
    for (auto& p : posts) statuses.push_back(p.get());
    std::sort(statuses.begin(), statuses.end());
    EXPECT_EQ(statuses, (std::vector<int>{201, 409})) << code;
  }
  EXPECT_EQ(Count("/warehouses"), 2u + 10u);
}

TEST_F(CodesTest, LookUpsStayExactAndNameTheCodeThatDiffersInCase) {
  SetUpBooks();
  struct LookUp {
    const char* path;
    std::string body;
    const char* role;
    const char* field;
    const char* message;
  };
  const std::vector<LookUp> cases = {
      {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00"), "warehouse", "", ""},
      {"/receipts",
       R"({"warehouse":"KYIV-1","donor":"de-hilfe","date":"2026-11-03","lines":[{"sku":"NFI-BLANKET","quantity":"1","unit_value":{"amount":"1.00","currency":"EUR"}}]})",
       "warehouse", "donor", R"(unknown donor "de-hilfe"; did you mean "DE-HILFE"?)"},
      {"/receipts", ReceiptBody("kyiv-1", "NFI-BLANKET", "1", "", "", "1.00"), "warehouse",
       "warehouse", R"(unknown warehouse "kyiv-1"; did you mean "KYIV-1"?)"},
      {"/receipts", ReceiptBody("KYIV-1", "nfi-blanket", "1", "", "", "1.00"), "warehouse",
       "lines[0].sku", R"(unknown SKU "nfi-blanket"; did you mean "NFI-BLANKET"?)"},
      {"/receipts", ReceiptBody("KYIV-1", "NFI-NONE", "1", "", "", "1.00"), "warehouse",
       "lines[0].sku", R"(unknown SKU "NFI-NONE")"},
      {"/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-11-10", "mu-a1234"),
       "warehouse", "recipient", R"(unknown recipient "mu-a1234"; did you mean "MU-A1234"?)"},
      {"/transfers",
       R"({"from":"KYIV-1","to":"lviv-1","date":"2026-11-10","lines":[{"sku":"NFI-BLANKET","quantity":"1"}]})",
       "warehouse", "to", R"(unknown warehouse "lviv-1"; did you mean "LVIV-1"?)"},
      {"/cash/donations",
       R"({"donor":"DE-HILFE","date":"2026-11-02","amount":{"amount":"1.00","currency":"EUR"},"account":"bk-eur"})",
       "treasurer", "account", R"(unknown account "bk-eur"; did you mean "BK-EUR"?)"},
      {"/cash/donations",
       R"({"donor":"de-hilfe","date":"2026-11-02","amount":{"amount":"1.00","currency":"EUR"},"account":"BK-EUR"})",
       "treasurer", "donor", R"(unknown donor "de-hilfe"; did you mean "DE-HILFE"?)"},
  };
  for (const LookUp& c : cases) {
    SCOPED_TRACE(c.body);
    HttpReply r = Post(c.path, c.body, c.role);
    if (std::string(c.field).empty()) {
      EXPECT_EQ(r.status, 201) << r.body;
      continue;
    }
    ASSERT_TRUE(IsProblem(r, 422));
    EXPECT_EQ(FirstErrorField(r), c.field);
    EXPECT_EQ(FirstErrorMessage(r), c.message);
  }
  HttpReply stock = Get("/stock?warehouse=kyiv-1");
  ASSERT_TRUE(IsProblem(stock, 422));
  EXPECT_EQ(FirstErrorMessage(stock), R"(unknown warehouse "kyiv-1"; did you mean "KYIV-1"?)");
  ExpectReportsAnswer();
}

TEST_F(CodesTest, CodesThatCannotBeOneUrlPathSegmentAreRefused) {
  struct Create {
    const char* path;
    const char* field;
    std::string before, after;  // the body around the code
  };
  const std::vector<Create> creates = {
      {"/items", "sku", R"({"sku":")", R"(","name":"Товар","unit":"pcs"})"},
      {"/warehouses", "code", R"({"code":")", R"(","name":"Склад","region":"Київ"})"},
      {"/donors", "code", R"({"code":")", R"(","name":"Донор","currency":"EUR"})"},
      {"/recipients", "code", R"({"code":")",
       R"(","kind":"community","name":"Громада","region":"Київ"})"},
      {"/accounts", "code", R"({"code":")", R"(","name":"Каса","currency":"UAH","kind":"cash"})"},
  };
  const std::vector<std::string> bad = {"A/B",    "a?b", "a#b", "a%2Fb", "a b", "..",   ".",
                                        "a\\\\b", "a:b", "a@b", "a+b",   "a&b", "ключ", ""};
  for (const Create& c : creates) {
    for (const std::string& code : bad) {
      SCOPED_TRACE(std::string(c.path) + " " + code);
      HttpReply r = Post(c.path, c.before + code + c.after);
      ASSERT_TRUE(IsProblem(r, 422));
      EXPECT_EQ(FirstErrorField(r), c.field);
    }
  }
  HttpReply slash = Post("/donors", R"({"code":"AT/HILFE","name":"Донор","currency":"EUR"})");
  EXPECT_EQ(FirstErrorMessage(slash), "may hold only letters, digits and - . _ ~");
  HttpReply dots = Post("/donors", R"({"code":"..","name":"Донор","currency":"EUR"})");
  EXPECT_EQ(FirstErrorMessage(dots), R"(must not be "." or "..")");
  // The unreserved characters are codes, and one path segment each.
  for (const Create& c : creates) {
    Must(c.path, c.before + "UA.FOND~2_x-1" + c.after);
  }
  ImportSampleRates();
  HttpReply report =
      Get("/reports/donor/UA.FOND~2_x-1.pdf?from=2026-11-01&to=2026-11-30", "treasurer");
  EXPECT_EQ(report.status, 200) << report.body.substr(0, 300);
  // Lot names keep their "/", given or made by Zapas.
  Receive("KYIV-1", "MED-IFAK", "5", "L/2026/1", "2027-05-31", "10.00");
  auto grn = Receive("KYIV-1", "NFI-BLANKET", "5", "", "", "4.00");
  const std::string made = Str(grn, "number") + "/1";
  Must(
      "/transfers",
      R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-10","lines":[{"sku":"MED-IFAK","quantity":"1","lot":"L/2026/1"},{"sku":"NFI-BLANKET","quantity":"1","lot":")" +
          made + R"("}]})",
      "warehouse");
  EXPECT_EQ(StockQty("LVIV-1", "MED-IFAK", "L/2026/1"), "1");
  EXPECT_EQ(StockQty("LVIV-1", "NFI-BLANKET", made), "1");
  HttpReply tilde_lot =
      Post("/receipts", ReceiptBody("KYIV-1", "MED-IFAK", "1", "L~1", "2027-05-31", "1.00"),
           "warehouse");
  ASSERT_TRUE(IsProblem(tilde_lot, 422));
  EXPECT_EQ(FirstErrorField(tilde_lot), "lines[0].lot");
  ExpectReportsAnswer();
}

// An older database may hold a code with "/" and codes that differ only in
// case: it migrates, they keep working, and no new one joins them.
TEST_F(CodesTest, CodesStoredBeforeKeepWorking) {
  server_->Stop();
  ASSERT_EQ(Tamper(*server_,
                   "INSERT INTO donors (code, name, country, currency) VALUES "
                   "('AT/HILFE', 'Hilfe Wien', 'AT', 'EUR');"
                   "INSERT INTO accounts (code, name, currency, kind) VALUES "
                   "('bk-usd', 'USD', 'USD', 'bank'), ('BK-USD', 'EUR', 'EUR', 'bank');"),
            0);
  server_->Start();
  Reconnect();
  ImportSampleRates();
  Must(
      "/receipts",
      R"({"warehouse":"KYIV-1","donor":"AT/HILFE","date":"2026-11-03","lines":[{"sku":"NFI-BLANKET","quantity":"2","unit_value":{"amount":"3.00","currency":"EUR"}}]})",
      "warehouse");
  Must(
      "/cash/donations",
      R"({"donor":"AT/HILFE","date":"2026-11-03","amount":{"amount":"5.00","currency":"EUR"},"account":"BK-USD"})",
      "treasurer");
  Must(
      "/cash/donations",
      R"({"donor":"DE-HILFE","date":"2026-11-03","amount":{"amount":"7.00","currency":"USD"},"account":"bk-usd"})",
      "treasurer");
  HttpReply again =
      Post("/accounts", R"({"code":"Bk-Usd","name":"x","currency":"UAH","kind":"bank"})");
  ASSERT_TRUE(IsProblem(again, 409));
  EXPECT_TRUE(Has(Detail(again), "\"bk-usd\" exists already")) << again.body;  // the older
  HttpReply donor = Post("/donors", R"({"code":"at~hilfe","name":"x","currency":"EUR"})");
  EXPECT_EQ(donor.status, 201) << donor.body;  // "~" is not "/"
  ExpectReportsAnswer();
}

TEST_F(CodesTest, FreeTextIsCleanedOrRefused) {
  struct Bad {
    const char* path;
    std::string body;
    const char* role;
    const char* field;
  };
  auto item = [](const std::string& name_uk) {
    return R"({"sku":"NFI-NEW","name":{"uk":")" + name_uk + R"(","en":"New"},"unit":"pcs"})";
  };
  const std::vector<Bad> cases = {
      {"/items", item("Ковдра \\u202E0001"), "admin", "name.uk"},
      {"/items", item("Ков\\u0000дра"), "admin", "name.uk"},
      {"/items", item("Ков\\u0085дра"), "admin", "name.uk"},
      {"/items", item("Ков\\nдра"), "admin", "name.uk"},
      {"/items", item("Ков\\u007fдра"), "admin", "name.uk"},
      {"/items", item("Ков\\u2028дра"), "admin", "name.uk"},
      {"/items", item("\\u2066Ковдра\\u2069"), "admin", "name.uk"},
      {"/items", item("   "), "admin", "name.uk"},
      {"/items", item("\\u00a0\\u00a0"), "admin", "name.uk"},
      {"/items", item("\\u2003\\u3000\\u200b"), "admin", "name.uk"},
      {"/items", R"({"sku":"NFI-NEW","name":" ","unit":"pcs"})", "admin", "name"},
      {"/warehouses", R"({"code":"ODESA-1","name":"Склад","region":"\u202bОдеса"})", "admin",
       "region"},
      {"/donors", R"({"code":"PL-POMOC","name":"\u0000","currency":"EUR"})", "admin", "name"},
      {"/recipients",
       R"({"code":"IDP-9","kind":"idp_household","name":"Родина","region":"Київ","personal":{"phone":"+380\u0007"}})",
       "admin", "personal.phone"},
      {"/recipients",
       R"({"code":"IDP-9","kind":"idp_household","name":"Родина","region":"Київ","personal":{"names":["Олена","\u202eанелО"]}})",
       "admin", "personal.names[1]"},
      {"/recipients",
       R"({"code":"IDP-9","kind":"idp_household","name":"Родина","region":"Київ","personal":{"a\u0085b":"x"}})",
       "admin",
       "personal.a\xC2\x85"
       "b"},
      {"/receipts",
       R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-03","reference":"DN\u202e1","lines":[{"sku":"NFI-BLANKET","quantity":"1","unit_value":{"amount":"1.00","currency":"EUR"}}]})",
       "warehouse", "reference"},
      {"/receipts",
       R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-03","lines":[{"sku":"NFI-BLANKET","quantity":"1","remark":"\u009b","unit_value":{"amount":"1.00","currency":"EUR"}}]})",
       "warehouse", "lines[0].remark"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.body);
    HttpReply r = Post(c.path, c.body, c.role);
    ASSERT_TRUE(IsProblem(r, 422));
    EXPECT_EQ(FirstErrorField(r), c.field);
  }
  EXPECT_EQ(FirstErrorMessage(Post("/items", item("Ковдра \\u202E0001"))),
            "must not contain bidirectional controls (U+202E)");
  EXPECT_EQ(FirstErrorMessage(Post("/items", item("Ков\\u0085дра"))),
            "must not contain control characters (U+0085)");
  EXPECT_EQ(FirstErrorMessage(Post("/items", item("\\u00a0 "))),
            "must not be blank (it holds nothing but spaces)");

  // Zero-width characters are removed, in names and in personal data; a blank
  // optional name counts as not given.
  auto created = Must(
      "/items",
      R"({"sku":"NFI-NEW","name":{"uk":"\u200bКов\u200bдра\ufeff","en":" \u00a0"},"unit":"pcs"})");
  EXPECT_EQ(Str(Obj(created, "name"), "uk"), "Ковдра");
  EXPECT_EQ(Str(Obj(created, "name"), "en"), "Ковдра");
  const std::string items = Get("/items?limit=1000").body;
  EXPECT_TRUE(Has(items, "\"uk\":\"Ковдра\"")) << items;
  EXPECT_FALSE(Has(items, "\u200b")) << items;
  HttpReply household = Post(
      "/recipients",
      R"({"code":"IDP-9","kind":"idp_household","name":"Роди\u200dна","region":"Київ","personal":{"names":["Оле\u200bна"],"household_size":2}})");
  ASSERT_EQ(household.status, 201) << household.body;
  EXPECT_EQ(Str(ParseObject(household.body), "name"), "Родина");
  EXPECT_TRUE(Has(household.body, R"("personal":{"names":["Олена"],"household_size":2})"))
      << household.body;
  const std::string recipients = Get("/recipients?limit=1000").body;
  EXPECT_TRUE(Has(recipients, R"("personal":{"names":["Олена"],"household_size":2})"))
      << recipients;
  SetUpBooks();
  ExpectReportsAnswer();
}

TEST_F(CodesTest, ACsvFileWithCodesThatDifferOnlyInCaseIsRefusedWhole) {
  const size_t items = Count("/items"), recipients = Count("/recipients");
  HttpReply pair = Import("items", "sku,name_uk,unit\nNFI-ABC,Перший,pcs\nnfi-abc,Другий,pcs\n");
  ASSERT_TRUE(IsProblem(pair, 422));
  EXPECT_TRUE(Has(pair.body, R"(item \"NFI-ABC\" exists already)")) << pair.body;
  EXPECT_TRUE(Has(pair.body, R"("line":3)")) << pair.body;
  HttpReply stored = Import("items", "sku,name_uk,unit\nNFI-NEW,Нове,pcs\nmed-ifak,Аптечка,pcs\n");
  ASSERT_TRUE(IsProblem(stored, 422));
  EXPECT_TRUE(Has(stored.body, R"(item \"MED-IFAK\" exists already)")) << stored.body;
  HttpReply households =
      Import("recipients",
             "code,kind,name,region\nIDP-X1,idp_household,Родина 1,Київ\n"
             "MU-B1,military_unit,ВЧ Б1,Харків\nidp-x1,idp_household,Родина 2,Київ\n");
  ASSERT_TRUE(IsProblem(households, 422));
  EXPECT_TRUE(Has(households.body, R"(recipient \"IDP-X1\" exists already)")) << households.body;
  HttpReply bidi = Import("items",
                          "sku,name_uk,unit\nNFI-RLO,Ковдра \xE2\x80\xAE"
                          "0001,pcs\n");
  ASSERT_TRUE(IsProblem(bidi, 422));
  EXPECT_TRUE(Has(bidi.body, "bidirectional")) << bidi.body;
  HttpReply slash = Import("items", "sku,name_uk,unit\nNFI/1,Ковдра,pcs\n");
  ASSERT_TRUE(IsProblem(slash, 422));
  EXPECT_EQ(Count("/items"), items);
  EXPECT_EQ(Count("/recipients"), recipients);

  // The same file from the command line (the server stopped: it holds the file).
  server_->Stop();
  const std::string file = server_->dir() + "/pair.csv";
  std::ofstream(file) << "sku,name_uk,unit\nNFI-ABC,Перший,pcs\nnfi-abc,Другий,pcs\n";
  const std::string out = server_->Run({"import", "items", file});
  EXPECT_TRUE(Has(out, "line 3")) << out;
  EXPECT_TRUE(Has(out, "\"NFI-ABC\" exists already")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  server_->Start();
  Reconnect();
  EXPECT_EQ(Count("/items"), items);
  SetUpBooks();
  ExpectReportsAnswer();
}

// `zapas user add` as an administrator types it.
class UserAddTest : public CodesTest {
 protected:
  // Runs `zapas user add NAME --role warehouse --password-stdin` with
  // `password` on standard input; its output, then "exit N".
  std::string AddUser(const std::string& name, const std::string& password) {
    std::string env;
    for (const std::string& e : server_->Env()) env += Quote(e) + " ";
    return Shell("( printf '%s\\n' " + Quote(password) + " | env " + env + Quote(ZAPAS_BINARY) +
                 " user add " + Quote(name) + " --role warehouse --password-stdin --db " +
                 Quote(server_->db_location()) + " 2>&1; echo exit $? )");
  }
  int LogIn(const std::string& json_name, const std::string& password) {
    return client_
        ->Post("/api/v1/sessions",
               R"({"username":")" + json_name + R"(","password":")" + password + R"("})")
        .status;
  }
};

TEST_F(UserAddTest, APasswordOfFewerThanTenCharactersIsRefused) {
  std::string out = AddUser("olena", "123456789");
  EXPECT_TRUE(Has(out, "the password: must have at least 10 characters (it has 9)")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  out = AddUser("olena", "пароль123");  // 9 characters in 15 bytes
  EXPECT_TRUE(Has(out, "(it has 9)")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  EXPECT_EQ(LogIn("olena", "пароль123"), 401);
  out = AddUser("olena", "пароль1234");  // 10 characters, but a common password
  EXPECT_TRUE(Has(out, "the password: is one of the most common passwords")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  out = AddUser("olena", "пароль4821");
  EXPECT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_EQ(LogIn("olena", "пароль4821"), 200);
}

TEST_F(UserAddTest, LookAlikeAndMixedScriptNamesAreRefused) {
  struct Case {
    std::string name;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {"SKLAD", R"("SKLAD" looks like the existing user "sklad")"},
           {"Sklad", R"(looks like the existing user "sklad")"},
           {"skl\u0430d", "mixes Latin and Cyrillic letters"},  // a Cyrillic а
           {"\u0455klad", "mixes Cyrillic and Latin letters"},  // a Cyrillic ѕ
           {"\u0430dmin", "mixes Cyrillic and Latin letters"},
           {"sk\u200Blad", "must not contain invisible characters (U+200B)"},
           {"\u202Esklad", "must not contain invisible characters (U+202E)"},
           {"   ", "must not be blank"},
           {"sk\tlad", "must not contain control characters (U+0009)"},
           {"sklad", R"(user "sklad" already exists)"},
       }) {
    SCOPED_TRACE(c.name);
    const std::string out = AddUser(c.name, "a-long-password-1");
    EXPECT_TRUE(Has(out, "zapas: NAME: ")) << out;
    EXPECT_TRUE(Has(out, c.why)) << out;
    EXPECT_TRUE(Has(out, "exit 1")) << out;
  }
  // A whole name of Cyrillic look-alikes of a Latin one.
  ASSERT_TRUE(Has(AddUser("ceo", "a-long-password-1"), "exit 0"));
  std::string out = AddUser("\u0441\u0435\u043E", "a-long-password-1");
  EXPECT_TRUE(Has(out, R"(looks like the existing user "ceo")")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  // Nothing of it can log in.
  EXPECT_EQ(LogIn("SKLAD", "a-long-password-1"), 401);
  EXPECT_EQ(LogIn("skl\u0430d", "a-long-password-1"), 401);
  SetUpBooks();
  ExpectReportsAnswer();
}

TEST_F(UserAddTest, NamesAreStoredInNfcAndLogInTypedEitherWay) {
  std::string out = AddUser("Олена", "olena-password-1");
  EXPECT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_EQ(LogIn("Олена", "olena-password-1"), 200);
  // "Андрій" typed with "и" and a combining breve (U+0306).
  out = AddUser("Андріи\u0306", "andrii-password-1");
  EXPECT_TRUE(Has(out, "user Андрій (warehouse) added")) << out;
  EXPECT_TRUE(Has(out, "exit 0")) << out;
  // Stored precomposed: the precomposed name finds it as it is...
  EXPECT_EQ(LogIn("Андрій", "andrii-password-1"), 200);
  // ...and the decomposed one, normalised first.
  EXPECT_EQ(LogIn("Андріи\\u0306", "andrii-password-1"), 200);
  EXPECT_EQ(LogIn("Андрій", "wrong-password-1"), 401);
  out = AddUser("Андрій", "andrii-password-2");
  EXPECT_TRUE(Has(out, R"(user "Андрій" already exists)")) << out;
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  // Disabling takes either form too.
  EXPECT_TRUE(Has(server_->Run({"user", "disable", "Андріи\u0306"}), "exit 0"));
  EXPECT_EQ(LogIn("Андрій", "andrii-password-1"), 401);
}

}  // namespace
}  // namespace zapas::testing
