// The waybill (товарно-транспортна накладна) and its variant for military units,
// the transfer act (акт приймання-передачі), as a bilingual A4 PDF.
//
// WaybillData is plain data that the caller fills from a delivery; RenderWaybill
// lays it out: title and number, date and place, the parties and transport, the
// goods table (with lot and expiry; it continues on further pages with its
// header repeated), totals in figures and in words, signature blocks "Здав /
// Handed over" and "Прийняв / Received" with stamp places, and for the transfer
// act the commander's approval and the commission; and a QR code when asked
// for. Ukrainian comes first, English beneath it in smaller grey type. The
// goods received note (printing/grn.h) is drawn from the same blocks.
//
// Personal data: a waybill names only the people who sign it (and the driver);
// never put a recipient's private data (IDP names, phones, documents) here.
//
// Thread-safe: RenderWaybill shares nothing between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/entities.h"
#include "domain/money.h"
#include "domain/status.h"
#include "printing/format.h"
#include "printing/pdf_document.h"

namespace zapas::printing {

// An organisation on the waybill: name, address and/or code (ЄДРПОУ, or a
// military unit's number).
struct WaybillParty {
  std::string name;
  std::string address;
  std::string code;  // printed as "ЄДРПОУ / EDRPOU <code>" unless code_label says otherwise
  std::string code_label_uk = "код ЄДРПОУ";
  std::string code_label_en = "EDRPOU code";
};

// Someone who signs: full name and position.
struct WaybillPerson {
  std::string name;
  std::string position;
};

struct WaybillLine {
  int no = 0;  // the line number as printed (1, 2, ...)
  std::string name_uk;
  std::string name_en;         // printed beneath the Ukrainian name; may be empty
  std::string unit;            // e.g. "шт." (UnitLabels in printing/format.h)
  std::string unit_en;         // e.g. "pcs"; printed beneath; may be empty
  std::string lot;             // batch; may be empty
  std::optional<Date> expiry;  // none (or Date::Never()) prints "—"
  std::string quantity;        // as printed: FormatQuantity(q) gives "1 200,5"
  Money price = Money::Zero(*FindCurrency("UAH"));  // per unit
  Money sum = Money::Zero(*FindCurrency("UAH"));
  // What the numbered line above holds (a kit's component lot): printed
  // without number, price or amount.
  bool contents = false;
};

struct WaybillData {
  bool is_transfer_act = false;  // the act variant for military units
  std::string number;            // e.g. "WB-2026-000004"
  Date date = Date::FromDays(0);
  std::string place;     // where it is drawn up, in Ukrainian: "м. Київ"
  std::string place_en;  // the same in English: "Kyiv"; may be empty
  // The request the delivery serves, printed under the title ("на запит №
  // RQ-2026-000012 від 05.12.2026"); empty: none.
  std::string request_number;
  std::optional<Date> request_date;

  WaybillParty consignor;       // вантажовідправник
  WaybillParty consignee;       // вантажоодержувач
  std::string carrier;          // перевізник
  std::string vehicle;          // make and model
  std::string plate;            // registration number
  std::string driver;           // name (and licence number if wanted)
  std::string loading_point;    // пункт навантаження
  std::string unloading_point;  // пункт розвантаження

  std::vector<WaybillLine> lines;
  std::vector<Money> totals;      // one per currency, in the order to print
  std::string total_in_words_uk;  // e.g. "П'ятдесят два євро 99 центів"
  std::string total_in_words_en;  // e.g. "Fifty-two euro 99 cents"

  WaybillPerson handed_over;  // здав (consignor's side)
  WaybillPerson received;     // прийняв (consignee's side)

  // Transfer act only: who approves it under the unit's stamp (empty: a blank
  // line; an empty position prints "Командир військової частини"), and the
  // unit's commission that signs it (empty: no commission block).
  WaybillPerson commander;
  std::vector<WaybillPerson> commission;

  // When not empty, a QR code of it (about 25 mm; e.g. the URL where the
  // document can be verified) with "перевірка / verify" and the first 16 hex
  // digits of its SHA-256 beneath (PayloadShortHash in printing/qr.h): at the
  // top right of the first page, or for the transfer act at the top left,
  // level with the approval block. At most kQrMaxPayloadBytes bytes.
  std::string qr_payload;
};

// Renders the waybill (or transfer act) as PDF bytes.
// Empty names and positions print as blank lines to be filled in by hand (a
// transfer act without a commander's name still has the approval block).
// kInvalid naming the field when the number is empty, there are no lines or
// the QR payload is too long; kInvalid also when a font cannot be loaded;
// kInternal when libharu fails.
Result<std::string> RenderWaybill(const WaybillData& data, const PrintOptions& options);

}  // namespace zapas::printing
