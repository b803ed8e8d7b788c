// The goods received note (прибуткова накладна) as a bilingual A4 PDF: what
// arrived, from whom, by which document, in which lots and with which expiry,
// and the shortages or damage found on receipt.
//
// GrnData is plain data that the caller fills from a receipt; RenderGrn lays
// it out in the waybill's visual language: title and number, date and place,
// the receiving organisation and warehouse, the donor and the reference
// document, the goods table (lot, expiry, declared value, remarks; it continues
// on further pages with its header repeated), totals in figures and in words,
// the block "Нестачі, пошкодження / Shortages, damage", signature blocks "Здав
// / Handed over" and "Прийняв / Received" with stamp places, and a QR code when
// asked for. Every page's footer carries "page N of M" and the number.
//
// Personal data: a GRN names only the people who sign it.
//
// Thread-safe: RenderGrn shares nothing between calls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/status.h"
#include "printing/pdf_document.h"
#include "printing/waybill.h"

namespace zapas::printing {

// Who gave the goods: an organisation and its country, as printed
// ("Deutsches Rotes Kreuz e.V.", "Німеччина / Germany").
struct GrnDonor {
  std::string name;
  std::string country;
};

struct GrnLine {
  int no = 0;  // the line number as printed (1, 2, ...)
  std::string name_uk;
  std::string name_en;         // printed beneath the Ukrainian name; may be empty
  std::string unit;            // e.g. "шт." (UnitLabels in printing/format.h)
  std::string unit_en;         // e.g. "pcs"; printed beneath; may be empty
  std::string lot;             // batch; may be empty
  std::optional<Date> expiry;  // none (or Date::Never()) prints "—"
  std::string quantity;        // received, as printed: FormatQuantity(q) gives "1 200,5"
  Money unit_value = Money::Zero(*FindCurrency("UAH"));  // declared value per unit
  Money value = Money::Zero(*FindCurrency("UAH"));       // declared value of the line
  // A shortage or damage found on receipt ("нестача 2 шт. / 2 pcs short");
  // empty when the line arrived as documented.
  std::string remark;
};

struct GrnData {
  std::string number;  // e.g. "GRN-2026-000031"
  Date date = Date::FromDays(0);
  std::string place;     // where it is drawn up, in Ukrainian: "м. Київ"
  std::string place_en;  // the same in English: "Kyiv"; may be empty

  WaybillParty receiver;  // the receiving organisation
  std::string warehouse;  // e.g. "Склад KYIV-1, м. Київ, вул. Складська, 5"
  GrnDonor donor;
  std::string reference;  // the accompanying document: "Invoice 77 of 20.11.2026"

  std::vector<GrnLine> lines;
  std::vector<Money> totals;      // one per currency, in the order to print
  std::string total_in_words_uk;  // e.g. "П'ятдесят два євро 99 центів"
  std::string total_in_words_en;  // e.g. "Fifty-two euro 99 cents"

  WaybillPerson received_by;     // прийняв: the warehouse's side
  WaybillPerson handed_over_by;  // здав: the donor's or the carrier's representative

  // When not empty, a QR code of it at the top right of the first page, as on
  // the waybill (WaybillData::qr_payload).
  std::string qr_payload;
};

// Renders the goods received note as PDF bytes. Empty names and positions
// print as blank lines to be filled in by hand.
// kInvalid naming the field when the number is empty, there are no lines or
// the QR payload is too long; kInvalid also when a font cannot be loaded;
// kInternal when libharu fails.
Result<std::string> RenderGrn(const GrnData& data, const PrintOptions& options);

}  // namespace zapas::printing
