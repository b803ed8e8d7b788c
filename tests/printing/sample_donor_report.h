// The sample donor report for tests and for docs/donor-report-sample.png:
// half a year of a German donor's aid in EUR, with purposes, categories,
// deliveries by region, a monthly chart and the stock still held.
#pragma once

#include <cstdio>
#include <string>
#include <tuple>

#include "domain/money.h"
#include "domain/quantity.h"
#include "printing/donor_report.h"
#include "printing/format.h"

namespace zapas::printing::testing {

inline Money Eur(const char* amount) { return *Money::Parse(amount, "EUR"); }

// A half year of a German donor's aid, in EUR: realistic figures that add up.
inline DonorReportData SampleDonorReport(ReportLanguage language = ReportLanguage::kEnglish) {
  DonorReportData d;
  d.language = language;
  d.org_name = "Волонтерський кластер «Запас»";
  d.reference = "DE-HILFE 2026-07-01..2026-12-31";
  d.issued = *Date::Parse("2027-01-01");
  d.donor_code = "DE-HILFE";
  d.donor_name = "Ukraine-Hilfe Berlin e.V.";
  d.donor_country = "DE";
  d.from = *Date::Parse("2026-07-01");
  d.to = *Date::Parse("2026-12-31");
  d.currency = "EUR";
  d.totals.opening_remaining = Eur("12400.00");
  d.totals.received = Eur("45000.00");
  d.totals.spent = Eur("38762.40");
  d.totals.remaining = Eur("18637.60");
  d.purposes = {
      {"Генератори 5 кВт для лікарень Харківщини, 4 шт.", 2, Eur("16480.00")},
      {"Турнікети CAT Gen 7, рахунок 2026/118", 3, Eur("9875.50")},
      {"Паливо для генераторів (пункти незламності)", 6, Eur("7206.90")},
      {"Доставка гуманітарних вантажів Київ — Харків", 5, Eur("5200.00")},
  };
  d.totals.goods_received = Eur("61250.00");
  d.totals.goods_distributed = Eur("48310.75");
  d.totals.goods_written_off = Eur("145.00");
  d.totals.goods_in_stock = Eur("16894.25");
  d.categories = {
      {"medical", Eur("24800.00"), Eur("21950.00"), Eur("0.00"), Eur("4350.00")},
      {"food", Eur("18200.00"), Eur("15430.75"), Eur("145.00"), Eur("2624.25")},
      {"non-food: shelter", Eur("9650.00"), Eur("6230.00"), Eur("0.00"), Eur("5420.00")},
      {"non-food: hygiene", Eur("5400.00"), Eur("4700.00"), Eur("0.00"), Eur("1000.00")},
      {"equipment", Eur("3200.00"), Eur("0.00"), Eur("0.00"), Eur("3500.00")},
  };
  d.deliveries = {
      {"hospital", "Харківська область", 2, 4, Eur("9870.00")},
      {"idp_household", "Київська область", 212, 236, Eur("11240.75")},
      {"idp_household", "Харківська область", 143, 151, Eur("7820.00")},
      {"idp_shelter", "Львівська область", 3, 7, Eur("4980.00")},
      {"military_unit", "Донецька область", 4, 9, Eur("14400.00")},
  };
  d.households = 355;
  d.people = 1027;
  d.organisations = 9;
  d.monthly_caption = language == ReportLanguage::kUkrainian ? "за місяцями" : "per month";
  const double values[] = {4210.50, 6980.00, 9415.25, 8120.00, 11874.00, 7711.00};
  const int months[] = {7, 8, 9, 10, 11, 12};
  for (int i = 0; i < 6; ++i) {
    std::string label = ShortMonthName(months[i], language);
    if (i == 0) label += "\n2026";
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", values[i]);
    std::string t = text;
    if (t.size() > 3) t.insert(t.size() - 3, " ");
    d.monthly.push_back({label, values[i], t});
  }
  auto stock = [](const char* en, const char* uk, const char* category, const char* lot,
                  const char* warehouse, const char* quantity, Unit unit, const char* expiry,
                  int days, const char* value) {
    DonorReportStockLine s;
    s.name_en = en;
    s.name_uk = uk;
    s.category = category;
    s.lot = lot;
    s.warehouse = warehouse;
    s.quantity = FormatQuantity(*Quantity::Parse(quantity));
    std::tie(s.unit_uk, s.unit_en) = UnitLabels(unit);
    if (expiry[0] != '\0') s.expiry = *Date::Parse(expiry);
    s.days_in_stock = days;
    s.value = Eur(value);
    return s;
  };
  d.stock = {
      stock("Food kit (1 family, 7 days)", "Продуктовий набір (на 1 родину, 7 днів)", "food",
            "FK-2026-09", "Київська область", "85", Unit::kSet, "2027-02-15", 96, "2125.00"),
      stock("Infant formula, 400 g", "Дитяче харчування, суміш 400 г", "food", "BF-118",
            "Львівська область", "60", Unit::kPcs, "2027-03-20", 41, "499.25"),
      stock("Individual first-aid kit (IFAK)", "Індивідуальна аптечка (IFAK)", "medical", "IFAK-L2",
            "Київська область", "120", Unit::kPcs, "2028-06-30", 58, "3000.00"),
      stock("Israeli bandage 6\"", "Ізраїльський бандаж 6\"", "medical", "IB-7731",
            "Київська область", "150", Unit::kPcs, "2029-01-31", 58, "1350.00"),
      stock("Winter sleeping bag", "Спальний мішок зимовий", "non-food: shelter", "SB-2026-10",
            "Львівська область", "140", Unit::kPcs, "", 73, "5420.00"),
      stock("Family hygiene kit", "Гігієнічний набір для родини", "non-food: hygiene", "HK-44",
            "Київська область", "50", Unit::kSet, "2028-12-31", 22, "1000.00"),
      stock("Petrol generator, 5 kW", "Генератор бензиновий 5 кВт", "equipment", "GEN-5-03",
            "Київська область", "5", Unit::kPcs, "", 15, "3500.00"),
  };
  return d;
}

}  // namespace zapas::printing::testing
