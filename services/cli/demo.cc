#include "services/cli/demo.h"

#include <array>
#include <map>

#include "services/clock.h"
#include "services/user_names.h"

namespace zapas {
namespace {

struct DemoUser {
  const char* name;
  const char* password;
  Role role;
  const char* donor;
};

constexpr std::array<DemoUser, 5> kUsers = {{
    {"admin", "admin-demo", Role::kAdmin, ""},
    {"sklad", "sklad-demo", Role::kWarehouse, ""},
    {"kasa", "kasa-demo-1", Role::kTreasurer, ""},
    {"audit", "audit-demo", Role::kAuditor, ""},
    {"donor", "donor-demo", Role::kDonor, "DE-HILFE"},
}};

struct DemoItem {
  const char* sku;
  const char* uk;
  const char* en;
  const char* unit;
  const char* category;
  bool expiry;
};

constexpr std::array<DemoItem, 30> kItems = {{
    {"FOOD-KIT-01", "Продуктовий набір (на 1 родину, 7 днів)", "Food kit (1 family, 7 days)", "set",
     "food", true},
    {"FOOD-CAN-MEAT", "Тушкована яловичина, консерва 525 г", "Canned stewed beef, 525 g", "pcs",
     "food", true},
    {"FOOD-BABY", "Дитяче харчування, суміш 400 г", "Infant formula, 400 g", "pcs", "food", true},
    {"FOOD-FLOUR", "Борошно пшеничне", "Wheat flour", "kg", "food", true},
    {"FOOD-BUCKWHEAT", "Гречка", "Buckwheat", "kg", "food", true},
    {"FOOD-WATER", "Вода питна 6 л", "Drinking water, 6 l", "pcs", "food", true},
    {"FOOD-MRE", "Сухий пайок (ІРП)", "Ready-to-eat ration (MRE)", "pcs", "food", true},
    {"HYG-KIT-01", "Гігієнічний набір для родини", "Family hygiene kit", "set", "non-food: hygiene",
     true},
    {"HYG-DIAPERS", "Підгузки дитячі, розмір 4", "Baby diapers, size 4", "pack",
     "non-food: hygiene", false},
    {"HYG-SOAP", "Мило господарське", "Laundry soap", "pcs", "non-food: hygiene", false},
    {"MED-IFAK", "Індивідуальна аптечка (IFAK)", "Individual first-aid kit (IFAK)", "pcs",
     "medical", true},
    {"MED-TOURNIQUET", "Турнікет CAT Gen 7", "CAT Gen 7 tourniquet", "pcs", "medical", false},
    {"MED-BANDAGE", "Ізраїльський бандаж 6\"", "Israeli bandage 6\"", "pcs", "medical", true},
    {"MED-HEMOSTAT", "Кровоспинна марля", "Hemostatic gauze", "pcs", "medical", true},
    {"MED-FAK-CAR", "Автомобільна аптечка", "Vehicle first-aid kit", "set", "medical", true},
    {"MED-INSULIN", "Інсулін (упаковка)", "Insulin (pack)", "pack", "medical", true},
    {"EQ-GEN-5KW", "Генератор бензиновий 5 кВт", "Petrol generator, 5 kW", "pcs", "equipment",
     false},
    {"EQ-GEN-2KW", "Генератор інверторний 2 кВт", "Inverter generator, 2 kW", "pcs", "equipment",
     false},
    {"EQ-POWERBANK", "Зарядна станція 1 кВт·год", "Portable power station, 1 kWh", "pcs",
     "equipment", false},
    {"EQ-THERMAL", "Тепловізор", "Thermal imager", "pcs", "equipment", false},
    {"EQ-RADIO", "Радіостанція портативна", "Handheld radio", "pcs", "equipment", false},
    {"EQ-STARLINK", "Термінал супутникового зв'язку", "Satellite internet terminal", "pcs",
     "equipment", false},
    {"EQ-HEATER", "Обігрівач газовий", "Gas heater", "pcs", "equipment", false},
    {"EQ-CABLE", "Кабель силовий 3×2,5", "Power cable 3×2.5", "m", "equipment", false},
    {"NFI-SLEEPBAG", "Спальний мішок зимовий", "Winter sleeping bag", "pcs", "non-food: shelter",
     false},
    {"NFI-BLANKET", "Ковдра вовняна", "Wool blanket", "pcs", "non-food: shelter", false},
    {"NFI-TARP", "Брезент 4×6 м", "Tarpaulin 4×6 m", "pcs", "non-food: shelter", false},
    {"NFI-CANDLE", "Окопна свічка", "Trench candle", "box", "non-food: shelter", false},
    {"NFI-FUEL", "Паливо дизельне", "Diesel fuel", "l", "non-food: shelter", false},
    {"NFI-JACKET", "Куртка зимова", "Winter jacket", "pcs", "non-food: clothing", false},
}};

Principal Admin() { return Principal{"admin", Role::kAdmin, ""}; }

// POSTs as the admin; the id the answer gives.
Result<std::string> PostForId(Api& api, const std::string& path, const std::string& body) {
  ApiRequest r;
  r.method = "POST";
  r.path = "/api/v1/" + path;
  r.body = body;
  r.content_type = "application/json";
  Reply reply = api.HandleAs(Admin(), r);
  if (reply.status >= 300) {
    return Status::Internal("demo data: POST " + path + " failed: " + reply.body);
  }
  auto answer = ParseJson(reply.body);
  return answer.ok() ? answer->Text("id") : std::string();
}

Status Post(Api& api, const std::string& path, const std::string& body) {
  return PostForId(api, path, body).status();
}

std::string Q(const std::string& s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

void PrintLogins(std::ostream& out) {
  out << "\nDemo logins (user / password / role):\n";
  for (const DemoUser& u : kUsers) {
    out << "  " << u.name << " / " << u.password << " / " << RoleName(u.role);
    if (u.donor[0] != '\0') out << " (donor " << u.donor << ")";
    out << "\n";
  }
  out.flush();
}

// Warehouses, donors, recipients and items.
Status LoadCatalogue(Api& api) {
  ZAPAS_RETURN_IF_ERROR(
      Post(api, "warehouses",
           R"({"code":"KYIV-1","name":"Склад Київ-Лівобережний","region":"Київська область"})"));
  ZAPAS_RETURN_IF_ERROR(
      Post(api, "warehouses",
           R"({"code":"LVIV-1","name":"Склад Львів-Сихів","region":"Львівська область"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "donors",
      R"({"code":"DE-HILFE","name":"Ukraine-Hilfe Berlin e.V.","country":"DE","currency":"EUR"})"));
  ZAPAS_RETURN_IF_ERROR(
      Post(api, "donors",
           R"({"code":"US-RELIEF","name":"Relief Partners USA","country":"US","currency":"USD"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "donors",
      R"({"code":"UA-FOND","name":"Благодійний фонд «Запорука»","country":"UA","currency":"UAH"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "recipients",
      R"({"code":"MU-A1234","kind":"military_unit","name":"Військова частина А1234","region":"Донецька область"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "recipients",
      R"({"code":"HOSP-KH-3","kind":"hospital","name":"Міська лікарня №3, Харків","region":"Харківська область"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "recipients",
      R"({"code":"SHELTER-LV-7","kind":"idp_shelter","name":"Прихисток для ВПО «Надія»","region":"Львівська область"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "recipients",
      R"({"code":"COMM-IZIUM","kind":"community","name":"Ізюмська міська громада","region":"Харківська область"})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "recipients",
      R"({"code":"IDP-000117","kind":"idp_household","name":"Домогосподарство ВПО 117","region":"Київська область","personal":{"names":["Олена Коваленко"],"phone":"+380501234567","document":"ID 000123456","household_size":4}})"));

  // Two items whose packs carry GS1 codes (GTINs of GS1's example range 950):
  // a kit on its own and a carton of 10; a tin of formula.
  const std::map<std::string, std::string> gtins = {
      {"MED-IFAK",
       R"([{"gtin":"9506000134352","quantity":"1"},{"gtin":"19506000134359","quantity":"10"}])"},
      {"FOOD-BABY", R"([{"gtin":"9506000134369","quantity":"1"}])"}};
  for (const DemoItem& i : kItems) {
    auto g = gtins.find(i.sku);
    std::string body = std::string("{\"sku\":") + Q(i.sku) + ",\"name\":{\"uk\":" + Q(i.uk) +
                       ",\"en\":" + Q(i.en) + "},\"unit\":" + Q(i.unit) +
                       ",\"category\":" + Q(i.category) +
                       ",\"expiry_tracked\":" + (i.expiry ? "true" : "false") +
                       (g == gtins.end() ? "" : ",\"gtins\":" + g->second) + "}";
    ZAPAS_RETURN_IF_ERROR(Post(api, "items", body));
  }

  return Status::Ok();
}

// Each item arrives at one warehouse from one donor, then a few deliveries
// and a transfer.
Status LoadGoods(Api& api, Date today) {
  // Receipts: each item arrives at one warehouse from one donor, in two lots
  // where it expires, dated over the last weeks.
  const char* donors[] = {"DE-HILFE", "US-RELIEF", "UA-FOND"};
  const char* currencies[] = {"EUR", "USD", "UAH"};
  const char* values[] = {"12.50", "14.00", "520.00"};
  for (size_t n = 0; n < kItems.size(); ++n) {
    const DemoItem& i = kItems[n];
    size_t d = n % 3;
    std::string wh = n % 2 == 0 ? "KYIV-1" : "LVIV-1";  // even items in Kyiv, odd in Lviv
    std::string date = today.AddDays(-40 + static_cast<int32_t>(n)).ToString();
    std::string lines;
    for (int lot = 1; lot <= (i.expiry ? 2 : 1); ++lot) {
      if (!lines.empty()) lines += ",";
      std::string batch = std::string(i.sku).substr(0, 8);
      if (batch.back() == '-') batch.pop_back();  // MED-FAK-CAR: MED-FAK-L1, not MED-FAK--L1
      batch += "-L" + std::to_string(lot);
      // Some lots expire soon, so the stock view shows every highlight.
      int32_t expires_in = lot == 1 ? static_cast<int32_t>(20 + 7 * n) : 400;
      lines += std::string("{\"sku\":") + Q(i.sku) + ",\"quantity\":\"" +
               std::to_string(40 + 10 * lot) + "\",\"lot\":" + Q(batch) +
               (i.expiry ? ",\"expiry\":\"" + today.AddDays(expires_in).ToString() + "\"" : "") +
               ",\"unit_value\":{\"amount\":\"" + values[d] + "\",\"currency\":\"" + currencies[d] +
               "\"}}";
    }
    std::string body = "{\"warehouse\":\"" + wh + "\",\"donor\":\"" + donors[d] + "\",\"date\":\"" +
                       date + "\",\"reference\":\"Invoice " + std::to_string(1000 + n) +
                       "\",\"lines\":[" + lines + "]}";
    ZAPAS_RETURN_IF_ERROR(Post(api, "receipts", body));
  }

  // Two requests: the unit's, served in part by the first delivery below,
  // and a shelter's, still open.
  ZAPAS_ASSIGN_OR_RETURN(
      const std::string request,
      PostForId(
          api, "requests",
          R"({"recipient":"MU-A1234","date":")" + today.AddDays(-5).ToString() +
              R"(","needed_by":")" + today.AddDays(5).ToString() +
              R"(","priority":"urgent","reference":"лист № 112","lines":[{"sku":"MED-IFAK","quantity":"50"},{"sku":"EQ-GEN-5KW","quantity":"2","note":"для медпункту"}]})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "requests",
      R"({"recipient":"SHELTER-LV-7","date":")" + today.AddDays(-2).ToString() +
          R"(","needed_by":")" + today.AddDays(14).ToString() +
          R"(","priority":"high","lines":[{"sku":"HYG-SOAP","quantity":"60"},{"sku":"NFI-BLANKET","quantity":"40"}]})"));

  // A few deliveries, picked first-expiry-first-out.
  const std::string d = today.AddDays(-3).ToString();
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "deliveries",
      R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":")" + d + R"(","request":")" +
          request +
          R"(","lines":[{"sku":"MED-IFAK","quantity":"30"},{"sku":"EQ-GEN-5KW","quantity":"2"}]})"));
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "deliveries",
      R"({"warehouse":"LVIV-1","recipient":"SHELTER-LV-7","date":")" + d +
          R"(","lines":[{"sku":"HYG-SOAP","quantity":"10"},{"sku":"NFI-BLANKET","quantity":"15"}]})"));
  ZAPAS_RETURN_IF_ERROR(Post(api, "deliveries",
                             R"({"warehouse":"KYIV-1","recipient":"HOSP-KH-3","date":")" + d +
                                 R"(","lines":[{"sku":"FOOD-KIT-01","quantity":"60"}]})"));
  ZAPAS_RETURN_IF_ERROR(Post(api, "transfers",
                             R"({"from":"LVIV-1","to":"KYIV-1","date":")" + d +
                                 R"(","lines":[{"sku":"FOOD-FLOUR","quantity":"12.5"}]})"));
  // A family food set of three donors' goods, five of them assembled in
  // Kyiv; and a reorder level that the first-aid kits have fallen below.
  ZAPAS_RETURN_IF_ERROR(Post(
      api, "kits",
      R"({"sku":"FAMILY-SET","name":{"uk":"Набір для родини: борошно, гречка, дитяче харчування","en":"Family set: flour, buckwheat, infant formula"},"components":[{"sku":"FOOD-FLOUR","quantity":"2"},{"sku":"FOOD-BUCKWHEAT","quantity":"2"},{"sku":"FOOD-BABY","quantity":"1"}]})"));
  ZAPAS_RETURN_IF_ERROR(
      Post(api, "assemblies",
           R"({"warehouse":"KYIV-1","date":")" + d + R"(","kit":"FAMILY-SET","quantity":"5"})"));
  ApiRequest level;
  level.method = "PUT";
  level.path = "/api/v1/minimums/KYIV-1/MED-IFAK";
  level.body = R"({"quantity":"100"})";
  level.content_type = "application/json";
  if (Reply r = api.HandleAs(Admin(), level); r.status != 200) {
    return Status::Internal("demo data: PUT " + level.path + " failed: " + r.body);
  }
  return Status::Ok();
}

// Accounts and a month of money operations.
Status LoadCashBook(Api& api, Repository& conn, Date today, std::ostream& out) {
  // The cash book, when the NBU rates are there to book it (make run imports them first).
  ZAPAS_ASSIGN_OR_RETURN(auto eur_rate, conn.RateInForce(*FindCurrency("EUR"), today.AddDays(-30)));
  if (eur_rate) {
    for (
        const char* account :
        {R"j({"code":"BK-EUR","name":"Рахунок в євро (ПриватБанк)","currency":"EUR","kind":"bank"})j",
         R"j({"code":"BK-USD","name":"Рахунок у доларах США (ПриватБанк)","currency":"USD","kind":"bank"})j",
         R"j({"code":"BK-UAH","name":"Поточний рахунок у гривні","currency":"UAH","kind":"bank"})j",
         R"j({"code":"CASH-UAH","name":"Каса","currency":"UAH","kind":"cash"})j"}) {
      ZAPAS_RETURN_IF_ERROR(Post(api, "accounts", account));
    }
    auto day = [&](int32_t n) { return today.AddDays(n).ToString(); };
    ZAPAS_RETURN_IF_ERROR(Post(
        api, "cash/donations",
        R"j({"donor":"DE-HILFE","date":")j" + day(-30) +
            R"j(","amount":{"amount":"15000.00","currency":"EUR"},"account":"BK-EUR","earmark":"Генератори для лікарень"})j"));
    ZAPAS_RETURN_IF_ERROR(
        Post(api, "cash/donations",
             R"j({"donor":"US-RELIEF","date":")j" + day(-28) +
                 R"j(","amount":{"amount":"8000.00","currency":"USD"},"account":"BK-USD"})j"));
    ZAPAS_RETURN_IF_ERROR(
        Post(api, "cash/donations",
             R"j({"donor":"UA-FOND","date":")j" + day(-25) +
                 R"j(","amount":{"amount":"125000.00","currency":"UAH"},"account":"BK-UAH"})j"));
    ZAPAS_RETURN_IF_ERROR(Post(
        api, "cash/exchanges",
        R"j({"date":")j" + day(-20) +
            R"j(","account_from":"BK-EUR","account_to":"BK-UAH","sold":{"amount":"5000.00","currency":"EUR"},"bought":{"amount":"236500.00","currency":"UAH"}})j"));
    ZAPAS_RETURN_IF_ERROR(Post(
        api, "cash/payments",
        R"j({"date":")j" + day(-18) +
            R"j(","amount":{"amount":"184250.00","currency":"UAH"},"account":"BK-UAH","purpose":"Генератори 5 кВт, 4 шт.","donor":"DE-HILFE"})j"));
    ZAPAS_RETURN_IF_ERROR(Post(
        api, "cash/transfers",
        R"j({"date":")j" + day(-15) +
            R"j(","account_from":"BK-UAH","account_to":"CASH-UAH","amount":{"amount":"20000.00","currency":"UAH"}})j"));
    ZAPAS_RETURN_IF_ERROR(Post(
        api, "cash/fees",
        R"j({"date":")j" + day(-15) +
            R"j(","amount":{"amount":"35.00","currency":"UAH"},"account":"BK-UAH","purpose":"Комісія банку"})j"));
    out << "zapas: demo cash book loaded: 4 accounts, 3 donations, an exchange, a payment\n";
  }
  return Status::Ok();
}

}  // namespace

Status LoadDemo(Api& api, Store& store, std::ostream& out) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store.Reader());
  ZAPAS_ASSIGN_OR_RETURN(int64_t users, conn->CountUsers());
  ZAPAS_ASSIGN_OR_RETURN(auto items, conn->ListItems(PageRequest{"", 1}));
  if (users > 0 || !items.empty()) {
    out << "zapas: the database already holds data; demo data not loaded again\n";
    PrintLogins(out);
    return Status::Ok();
  }
  out << "zapas: loading the demo cluster ..." << std::endl;
  for (const DemoUser& u : kUsers) {
    ZAPAS_RETURN_IF_ERROR(CheckNewPassword(u.password));  // the rule of every new user
    User user;
    user.username = u.name;
    user.role = u.role;
    user.donor_code = u.donor;
    ZAPAS_ASSIGN_OR_RETURN(user.password_hash, HashPassword(u.password));
    ZAPAS_RETURN_IF_ERROR(conn->AddUser(user));
  }
  ZAPAS_RETURN_IF_ERROR(LoadCatalogue(api));
  const Date today = Today();
  ZAPAS_RETURN_IF_ERROR(LoadGoods(api, today));
  ZAPAS_RETURN_IF_ERROR(LoadCashBook(api, *conn, today, out));
  out << "zapas: demo cluster loaded: 2 warehouses, " << kItems.size()
      << " items, 3 donors, 5 recipients, " << kItems.size() << " receipts, 3 deliveries, 1 kit\n";
  PrintLogins(out);
  return Status::Ok();
}

}  // namespace zapas
