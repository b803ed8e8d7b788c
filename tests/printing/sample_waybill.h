// A realistic waybill for tests and for docs/waybill-sample.png: Cyrillic
// names with Ї/ї, long names that wrap, and enough lines to need two pages.
#pragma once

#include <string>
#include <vector>

#include "domain/amount_in_words.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "printing/waybill.h"

namespace zapas::printing::testing {

struct SampleItem {
  const char* uk;
  const char* en;
  Unit unit;
  const char* price;  // EUR
  const char* quantity;
  bool expires;
};

inline const std::vector<SampleItem>& SampleItems() {
  static const std::vector<SampleItem> kItems = {
      {"Бинт марлевий медичний нестерильний 7 м × 14 см", "Gauze bandage, non-sterile, 7 m × 14 cm",
       Unit::kPcs, "0.35", "120", true},
      {"Індивідуальна аптечка першої допомоги (IFAK) з турнікетом CAT Gen 7, гемостатичним бинтом "
       "і "
       "компресійною пов'язкою",
       "Individual first aid kit (IFAK) with CAT Gen 7 tourniquet, haemostatic gauze and "
       "compression bandage",
       Unit::kSet, "84.50", "12", true},
      {"Брезент водостійкий 4 × 6 м", "Waterproof tarpaulin 4 × 6 m", Unit::kPcs, "9.99", "40",
       false},
      {"Генератор бензиновий 3 кВт", "Petrol generator 3 kW", Unit::kPcs, "412.00", "2", false},
      {"Консерви м'ясні (яловичина тушкована), 525 г", "Canned stewed beef, 525 g", Unit::kBox,
       "38.40", "25", true},
      {"Гігієнічний набір для сім'ї: мило, зубна паста, шампунь, рушник",
       "Family hygiene kit: "
       "soap, toothpaste, shampoo, towel",
       Unit::kSet, "14.20", "60", false},
      {"Ковдра вовняна", "Wool blanket", Unit::kPcs, "11.75", "80", false},
      {"Вода питна негазована, 6 л", "Drinking water, still, 6 l", Unit::kL, "0.21", "1200.5",
       true},
  };
  return kItems;
}

// What a QR code on a document carries (WaybillData::qr_payload): the public
// verification address with the journal entry's hash.
inline const char kSampleQrPayload[] =
    "https://zapas.example.org/api/v1/verify/"
    "9f2c4e81b7a05d3366e1f0c2a4b8d9e7c1f3a5b7d9e1f3a5c7e9b1d3f5a7c9e1";

// A waybill of `line_count` lines from the cluster's Kyiv warehouse to Izium.
inline WaybillData SampleWaybill(int line_count = 80) {
  const Currency& eur = *FindCurrency("EUR");
  WaybillData d;
  d.number = "WB-2026-000004";
  d.date = Date::FromCivil(2026, 11, 25);
  d.place = "м. Київ";
  d.place_en = "Kyiv";
  d.consignor = {"Благодійний фонд «Запаси громади»", "вул. Хрещатик, 1, м. Київ, 01001",
                 "12345678"};
  d.consignee = {"КНП «Ізюмська центральна міська лікарня»",
                 "вул. Соборна, 10, м. Ізюм, Харківська обл., 64309", "01987654"};
  d.carrier = "ФОП Їжак Петро Іванович";
  d.vehicle = "Mercedes-Benz Sprinter 316";
  d.plate = "АА 1234 ВК";
  d.driver = "Їжак Петро Іванович";
  d.loading_point = "Склад KYIV-1: м. Київ, вул. Складська, 5";
  d.unloading_point = "м. Ізюм, вул. Соборна, 10, приймальне відділення";
  Money total = Money::Zero(eur);
  const auto& items = SampleItems();
  for (int i = 0; i < line_count; ++i) {
    const SampleItem& it = items[static_cast<size_t>(i) % items.size()];
    WaybillLine l;
    l.no = i + 1;
    l.name_uk = it.uk;
    l.name_en = it.en;
    auto [unit_uk, unit_en] = UnitLabels(it.unit);
    l.unit = unit_uk;
    l.unit_en = unit_en;
    l.lot = "GRN-2026-0000" + std::to_string(31 + i / 8) + "/" + std::to_string(i % 8 + 1);
    if (it.expires) l.expiry = Date::FromCivil(2027 + i % 3, 1 + static_cast<unsigned>(i % 12), 28);
    const Quantity q = Quantity::Parse(it.quantity).value();
    l.quantity = FormatQuantity(q);
    l.price = Money::Parse(it.price, "EUR").value();
    l.sum = l.price.Times(q).value();
    total = total.Add(l.sum).value();
    d.lines.push_back(l);
  }
  d.totals = {total};
  // As the server writes it (domain/amount_in_words.h): 52 837,10 EUR for
  // 80 lines, 4 091,60 EUR for 6.
  d.total_in_words_uk = CapitalizeFirstUtf8(AmountInWordsUk(total).value());
  d.total_in_words_en = CapitalizeFirstUtf8(AmountInWordsEn(total).value());
  d.handed_over = {"Коваленко Олена Миколаївна", "Завідувачка складу"};
  d.received = {"Мельник Іван Їжакович", "Головна медична сестра"};
  return d;
}

// The same goods handed to a military unit: the transfer act variant.
inline WaybillData SampleTransferAct(int line_count = 6) {
  WaybillData d = SampleWaybill(line_count);
  d.is_transfer_act = true;
  d.number = "WB-2026-000005";
  d.consignee = {"Військова частина А1234", "", "А1234"};
  d.consignee.code_label_uk = "номер військової частини";
  d.consignee.code_label_en = "military unit";
  d.unloading_point = "Харківська обл., пункт постійної дислокації в/ч А1234";
  d.commander = {"полковник Ігнатенко Юрій Олексійович",
                 "Командир військової частини А1234 / Commander of military unit A1234"};
  d.commission = {{"майор Кравчук Богдан Ігорович", "Голова комісії, заступник командира"},
                  {"капітан Лисенко Марія Їжакович", "Член комісії, начальник служби забезпечення"},
                  {"старший сержант Шевчук Тарас", "Член комісії, начальник складу"}};
  d.received = {"старший сержант Шевчук Тарас", "Начальник складу в/ч А1234"};
  return d;
}

}  // namespace zapas::printing::testing
