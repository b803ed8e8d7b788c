// A realistic goods received note for tests and for docs/grn-sample.png: the
// sample waybill's goods as they arrived from a donor, with lots, expiry
// dates, a shortage and a damaged line, and a QR code.
#pragma once

#include <string>

#include "domain/amount_in_words.h"
#include "printing/grn.h"
#include "tests/printing/sample_waybill.h"

namespace zapas::printing::testing {

// A GRN of `line_count` lines received at the Kyiv warehouse from a German
// donor on invoice 77; lines 3 and 5 carry remarks.
inline GrnData SampleGrn(int line_count = 6) {
  const WaybillData w = SampleWaybill(line_count);
  GrnData d;
  d.number = "GRN-2026-000031";
  d.date = Date::FromCivil(2026, 11, 20);
  d.place = "м. Київ";
  d.place_en = "Kyiv";
  d.receiver = w.consignor;
  d.warehouse = "Склад KYIV-1: м. Київ, вул. Складська, 5";
  d.donor = {"Deutsches Rotes Kreuz e.V., Landesverband Sachsen", "Німеччина / Germany"};
  d.reference = "Invoice 77 від 14.11.2026; CMR DE-2026-118204";
  for (const WaybillLine& wl : w.lines) {
    GrnLine l;
    l.no = wl.no;
    l.name_uk = wl.name_uk;
    l.name_en = wl.name_en;
    l.unit = wl.unit;
    l.unit_en = wl.unit_en;
    l.lot = wl.lot;
    l.expiry = wl.expiry;
    l.quantity = wl.quantity;
    l.unit_value = wl.price;
    l.value = wl.sum;
    d.lines.push_back(l);
  }
  if (d.lines.size() >= 3) {  // 38 of the 40 invoiced tarpaulins arrived
    GrnLine& l = d.lines[2];
    l.quantity = "38";
    l.value = l.unit_value.Times(Quantity::Parse("38").value()).value();
    l.remark = "нестача 2 шт. (за документом 40) / 2 pcs short (40 invoiced)";
  }
  if (d.lines.size() >= 5) {
    d.lines[4].remark = "1 ящ. пошкоджено при перевезенні / 1 box damaged in transit";
  }
  Money total = Money::Zero(*FindCurrency("EUR"));
  for (const GrnLine& l : d.lines) total = total.Add(l.value).value();
  d.totals = {total};
  d.total_in_words_uk = CapitalizeFirstUtf8(AmountInWordsUk(total).value());
  d.total_in_words_en = CapitalizeFirstUtf8(AmountInWordsEn(total).value());
  d.received_by = {"Коваленко Олена Миколаївна", "Завідувачка складу"};
  d.handed_over_by = {"Їжак Петро Іванович", "Водій-експедитор перевізника"};
  d.qr_payload = kSampleQrPayload;
  return d;
}

}  // namespace zapas::printing::testing
