// The documents of journal entries, typed. Each entry of the journal stores
// the document it was accepted as — JSON, hashed into the chain — and every
// reader (replies, waybills, GRNs, reports, exports) reads it back through
// this one codec. Encode writes the members in the one order each kind has
// always had, so a document decoded and encoded again is the same bytes; a
// member an older document lacks decodes as empty.
//
// A new kind of document is a struct here (or a kind of an existing one), its
// header members in kHeaders of journal_document.cc, and a case in
// JournalDocument.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/catalog.h"
#include "domain/date.h"
#include "domain/ledger.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "domain/status.h"

namespace zapas {

// One goods line of a movement: a lot and how much of it moved (signed for
// adjustments and reversals, positive otherwise).
struct DocumentLine {
  std::string warehouse;  // reversals only: their lines may touch several
  std::string sku;
  std::string lot;
  std::optional<Date> expiry;
  Quantity quantity = Quantity::Zero();
  std::optional<Money> unit_value;  // none only in documents older than the limits
  std::optional<Money> value;
  std::string donor;
};

// A receipt line's shortage or damage, by line number (from 1).
struct LineRemark {
  int64_t line = 0;
  std::string remark;
};

// A receipt, transfer, delivery (its number is the "waybill"), adjustment,
// reversal, return, assembly or disassembly (signed lines: the components
// out and the kit lot in, or back). Which header members a kind has: kHeaders in the .cc.
struct MovementDocument {
  MovementKind kind = MovementKind::kReceipt;
  std::string number;  // empty in a delivery's preview, which is not stored
  std::string warehouse, donor, reference, from, to, recipient, reason;
  std::string reverses, reverses_number;  // a reversal's original: id and number
  // A delivery: the request it serves (id, number, date), if any. A return:
  // the delivery it comes back from (id, number), if named.
  std::string request, request_number, request_date;
  std::string delivery, delivery_number;
  // An adjustment made by another document: a stocktake's closing or a
  // return's write-off (its number); "" when entered as itself.
  std::string source;
  // An assembly or disassembly: the kit's SKU and its kit lot.
  std::string kit, kit_lot;
  // An arrival: the number of the transfer dispatched at another site.
  std::string transfer_number;
  std::vector<LineRemark> remarks;  // receipts and arrivals: shortages and damage
  Date date = Date::FromDays(0);
  std::vector<DocumentLine> lines;
  std::vector<Money> totals;             // per currency, in order of first appearance
  std::string recorded_at, recorded_by;  // empty in a preview
};

// One side of a money operation, in its currency and in hryvnias.
struct CashDocumentPosting {
  std::string account;
  Money amount = Money::Zero(*FindCurrency("UAH"));
  Money uah = Money::Zero(*FindCurrency("UAH"));
};

// A cash donation, payment, transfer between accounts, exchange or bank fee.
struct CashDocument {
  std::string kind;  // cash_donation, payment, cash_transfer, exchange, bank_fee
  std::string number;
  Date date = Date::FromDays(0);
  std::string donor, account, account_from, account_to, earmark, purpose;
  std::optional<Money> amount, sold, bought;
  std::string rate, sold_rate, bought_rate;  // NBU rates as decimal strings
  std::vector<CashDocumentPosting> postings;
  std::string recorded_at, recorded_by;
};

// A delivery's proof of delivery. The receiver's name is personal data,
// stored sealed (services/app/confirmation.h); older documents hold it plain.
struct ConfirmationDocument {
  std::string delivery, waybill, received_by_sealed, received_by, received_at;
  std::string recorded_at, recorded_by;
};

// A closed month opened again (admin), with who closed it.
struct PeriodReopenDocument {
  std::string month, reason, closed_at, closed_by, recorded_at, recorded_by;
};

// An NBU rate replaced before any booking used it.
struct RateCorrectionDocument {
  std::string currency, rate_date, rate, previous_rate, reason, recorded_at, recorded_by;
};

// A line of a request, or of its cancellation.
struct RequestDocumentLine {
  std::string sku;
  std::optional<Quantity> quantity;
  std::string note;
};

// A request ("request", numbered RQ-) or the cancellation of some of what it
// still asks for ("request_cancel", which names the request).
struct RequestDocument {
  std::string kind = "request";
  std::string number;
  std::string request, request_number;  // a cancellation's request: id and number
  std::string recipient, priority, reference, reason;
  Date date = Date::FromDays(0);
  std::optional<Date> needed_by;
  std::vector<RequestDocumentLine> lines;
  std::string recorded_at, recorded_by;
};

// A lot of a stocktake: what the books expected on its date (left out of a
// blind count), or what was counted.
struct StocktakeDocumentLine {
  std::string sku, lot;
  std::optional<Date> expiry;
  std::optional<Quantity> expected, counted;
};

// A stocktake opened ("stocktake", numbered CNT-), a round of counts
// ("stocktake_count") or its closing ("stocktake_close", naming the
// adjustment it made, if any); the last two name the stocktake.
struct StocktakeDocument {
  std::string kind = "stocktake";
  std::string number;
  std::string stocktake, stocktake_number;
  std::string warehouse;
  Date date = Date::FromDays(0);
  bool blind = false;
  std::string adjustment, adjustment_number;
  std::vector<StocktakeDocumentLine> lines;
  std::string recorded_at, recorded_by;
};

using JournalDocument =
    std::variant<MovementDocument, CashDocument, ConfirmationDocument, PeriodReopenDocument,
                 RateCorrectionDocument, RequestDocument, StocktakeDocument>;

std::string EncodeDocument(const MovementDocument& d);
std::string EncodeDocument(const CashDocument& d);
std::string EncodeDocument(const ConfirmationDocument& d);
std::string EncodeDocument(const PeriodReopenDocument& d);
std::string EncodeDocument(const RateCorrectionDocument& d);
std::string EncodeDocument(const RequestDocument& d);
std::string EncodeDocument(const StocktakeDocument& d);
std::string EncodeDocument(const JournalDocument& d);

// The document of an entry of `kind` ("receipt", "payment", ...). kInternal
// when the text is not JSON, a member has the wrong type or a value does not
// parse, or the kind is unknown.
Result<JournalDocument> DecodeDocument(std::string_view kind, std::string_view json);
Result<MovementDocument> DecodeMovement(std::string_view kind, std::string_view json);
Result<CashDocument> DecodeCash(std::string_view kind, std::string_view json);
Result<ConfirmationDocument> DecodeConfirmation(std::string_view json);
Result<RequestDocument> DecodeRequest(std::string_view kind, std::string_view json);
Result<StocktakeDocument> DecodeStocktake(std::string_view kind, std::string_view json);

// The prefix of the numbers of documents of `kind` ("GRN" for receipts, "PAY"
// for payments, ...), which also names their counter; "" for the kinds that
// have no number (confirmations, period reopenings, rate corrections).
std::string_view NumberPrefix(std::string_view kind);
// "WB-2026-000123": the `n`-th number of `prefix` in `year`.
std::string DocumentNumber(std::string_view prefix, int year, int64_t n);

// Fills `d.lines` and `d.totals` from a plan of the Ledger: what entered
// (receipts), left (deliveries, transfers) or changed (adjustments and
// reversals, signed). `lot_of` finds a posting's lot (new lots included).
Status FillLines(MovementDocument& d, const Catalog& catalog, const MovementPlan& plan,
                 const std::function<const Lot*(const PlannedPosting&)>& lot_of);

}  // namespace zapas
