#include "domain/journal_document.h"

#include <array>
#include <cstdio>
#include <utility>

#include "domain/document_members.h"
#include "domain/json.h"

namespace zapas {
namespace {

using namespace document_members;
// --- The kinds' members -----------------------------------------------------------

using MD = MovementDocument;
using CD = CashDocument;

const Members<MD>& MovementHeader(MovementKind kind) {
  static const std::array<Members<MD>, 9> kHeaders = {{
      {Text("warehouse", &MD::warehouse), Text("donor", &MD::donor),
       Text("reference", &MD::reference)},             // receipt (+ remarks)
      {Text("from", &MD::from), Text("to", &MD::to)},  // transfer
      {Text("warehouse", &MD::warehouse), Text("recipient", &MD::recipient),
       Text("request", &MD::request, true), Text("request_number", &MD::request_number, true),
       Text("request_date", &MD::request_date, true)},  // delivery
      {Text("warehouse", &MD::warehouse), Text("reason", &MD::reason),
       Text("source", &MD::source, true)},  // adjustment
      {Text("reverses", &MD::reverses), Text("reverses_number", &MD::reverses_number),
       Text("reason", &MD::reason)},  // reversal
      {Text("warehouse", &MD::warehouse), Text("recipient", &MD::recipient),
       Text("reason", &MD::reason), Text("delivery", &MD::delivery, true),
       Text("delivery_number", &MD::delivery_number, true)},  // return
      {Text("warehouse", &MD::warehouse), Text("kit", &MD::kit),
       Text("lot", &MD::kit_lot)},  // assembly
      {Text("warehouse", &MD::warehouse), Text("kit", &MD::kit),
       Text("lot", &MD::kit_lot)},  // disassembly
      {Text("from", &MD::from), Text("to", &MD::to),
       Text("transfer_number", &MD::transfer_number)},  // arrival (+ remarks)
  }};
  return kHeaders[static_cast<size_t>(kind)];
}

const Members<MD>& MovementTrailer() {
  static const Members<MD> kTrailer = {Text("recorded_at", &MD::recorded_at, true),
                                       Text("recorded_by", &MD::recorded_by, true)};
  return kTrailer;
}

struct CashKind {
  const char* kind;
  Members<CD> header;
};

const std::vector<CashKind>& CashKinds() {
  static const std::vector<CashKind> kKinds = {
      {"cash_donation",
       {Text("donor", &CD::donor), Text("account", &CD::account),
        MoneyMember("amount", &CD::amount), Text("earmark", &CD::earmark, true),
        Text("rate", &CD::rate)}},
      {"payment",
       {Text("account", &CD::account), MoneyMember("amount", &CD::amount),
        Text("purpose", &CD::purpose), Text("donor", &CD::donor, true), Text("rate", &CD::rate)}},
      {"cash_transfer",
       {Text("account_from", &CD::account_from), Text("account_to", &CD::account_to),
        MoneyMember("amount", &CD::amount), Text("rate", &CD::rate)}},
      {"exchange",
       {Text("account_from", &CD::account_from), Text("account_to", &CD::account_to),
        MoneyMember("sold", &CD::sold), MoneyMember("bought", &CD::bought),
        Text("sold_rate", &CD::sold_rate), Text("bought_rate", &CD::bought_rate)}},
      {"bank_fee",
       {Text("account", &CD::account), MoneyMember("amount", &CD::amount),
        Text("purpose", &CD::purpose, true), Text("rate", &CD::rate)}},
  };
  return kKinds;
}

const CashKind* FindCashKind(std::string_view kind) {
  for (const CashKind& k : CashKinds()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

const Members<CD>& CashTrailer() {
  static const Members<CD> kTrailer = {Text("recorded_at", &CD::recorded_at),
                                       Text("recorded_by", &CD::recorded_by)};
  return kTrailer;
}

using KD = ConfirmationDocument;
const Members<KD>& ConfirmationMembers() {
  static const Members<KD> kMembers = {Text("delivery", &KD::delivery),
                                       Text("waybill", &KD::waybill),
                                       Text("received_by_sealed", &KD::received_by_sealed, true),
                                       Text("received_by", &KD::received_by, true),
                                       Text("received_at", &KD::received_at),
                                       Text("recorded_at", &KD::recorded_at),
                                       Text("recorded_by", &KD::recorded_by)};
  return kMembers;
}

using PD = PeriodReopenDocument;
const Members<PD>& PeriodReopenMembers() {
  static const Members<PD> kMembers = {Text("month", &PD::month),
                                       Text("reason", &PD::reason),
                                       Text("closed_at", &PD::closed_at),
                                       Text("closed_by", &PD::closed_by),
                                       Text("recorded_at", &PD::recorded_at),
                                       Text("recorded_by", &PD::recorded_by)};
  return kMembers;
}

using RD = RateCorrectionDocument;
const Members<RD>& RateCorrectionMembers() {
  static const Members<RD> kMembers = {Text("currency", &RD::currency),
                                       Text("rate_date", &RD::rate_date),
                                       Text("rate", &RD::rate),
                                       Text("previous_rate", &RD::previous_rate),
                                       Text("reason", &RD::reason),
                                       Text("recorded_at", &RD::recorded_at),
                                       Text("recorded_by", &RD::recorded_by)};
  return kMembers;
}

std::optional<MovementKind> ParseMovementKind(std::string_view kind) {
  for (MovementKind k :
       {MovementKind::kReceipt, MovementKind::kTransfer, MovementKind::kDelivery,
        MovementKind::kAdjustment, MovementKind::kReversal, MovementKind::kReturn,
        MovementKind::kAssembly, MovementKind::kDisassembly, MovementKind::kArrival}) {
    if (MovementKindName(k) == kind) return k;
  }
  return std::nullopt;
}

// The member that carries a movement's number.
const char* NumberName(MovementKind kind) {
  return kind == MovementKind::kDelivery ? "waybill" : "number";
}

// --- Movement lines -------------------------------------------------------------

void WriteLine(JsonWriter& w, const DocumentLine& l) {
  w.BeginObject();
  if (!l.warehouse.empty()) w.Field("warehouse", l.warehouse);
  w.Field("sku", l.sku).Field("lot", l.lot);
  w.NullableField("expiry", l.expiry ? l.expiry->ToString() : "");
  w.Field("quantity", l.quantity.ToString());
  if (l.unit_value) w.Field("unit_value", *l.unit_value);
  if (l.value) w.Field("value", *l.value);
  w.Field("donor", l.donor).EndObject();
}

Result<DocumentLine> ReadLine(const JsonValue& v, const std::string& at) {
  if (v.type() != JsonValue::Type::kObject) return Corrupt(at + " must be an object");
  DocumentLine l;
  for (const auto& [name, m] : v.members()) {
    const std::string path = at + "." + name;
    if (name == "expiry") {
      if (m.type() == JsonValue::Type::kNull) continue;
      ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(m, path));
      auto d = Date::Parse(text);
      if (!d.ok()) return Corrupt(path + ": " + d.status().message());
      l.expiry = *d;
    } else if (name == "quantity") {
      ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(m, path));
      auto q = Quantity::Parse(text);
      if (!q.ok()) return Corrupt(path + ": " + q.status().message());
      l.quantity = *q;
    } else if (name == "unit_value" || name == "value") {
      ZAPAS_ASSIGN_OR_RETURN(Money money, ReadMoney(m, path));
      (name == "value" ? l.value : l.unit_value) = money;
    } else if (name == "warehouse" || name == "sku" || name == "lot" || name == "donor") {
      ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(m, path));
      (name == "warehouse" ? l.warehouse
       : name == "sku"     ? l.sku
       : name == "lot"     ? l.lot
                           : l.donor) = std::move(text);
    }
  }
  return l;
}

Result<LineRemark> ReadRemark(const JsonValue& v, const std::string& at) {
  const JsonValue* line = v.Find("line");
  if (line == nullptr || line->type() != JsonValue::Type::kNumber ||
      line->text().find_first_not_of("0123456789") != std::string::npos ||
      line->text().size() > 9) {
    return Corrupt(at + ".line must be a line number");
  }
  return LineRemark{std::stoll(line->text()), v.Text("remark")};
}

// Each element of the array `v` read by `read` into `out`.
template <typename T, typename Read>
Status ReadArray(const JsonValue& v, const std::string& at, std::vector<T>& out, Read read) {
  if (v.type() != JsonValue::Type::kArray) return Corrupt(at + " must be an array");
  for (size_t i = 0; i < v.items().size(); ++i) {
    ZAPAS_ASSIGN_OR_RETURN(T t, read(v.items()[i], at + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(t));
  }
  return Status::Ok();
}

Result<CashDocumentPosting> ReadPosting(const JsonValue& v, const std::string& at) {
  CashDocumentPosting p;
  p.account = v.Text("account");
  const JsonValue* amount = v.Find("amount");
  const JsonValue* uah = v.Find("uah");
  if (amount == nullptr || uah == nullptr) return Corrupt(at + " lacks amount or uah");
  ZAPAS_ASSIGN_OR_RETURN(p.amount, ReadMoney(*amount, at + ".amount"));
  ZAPAS_ASSIGN_OR_RETURN(p.uah, ReadMoney(*uah, at + ".uah"));
  return p;
}

Result<Date> ReadDate(const JsonValue& v) {
  ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(v, "date"));
  auto d = Date::Parse(text);
  if (!d.ok()) return Corrupt("date: " + d.status().message());
  return *d;
}

}  // namespace

// --- Encoding ---------------------------------------------------------------------

std::string EncodeDocument(const MovementDocument& d) {
  JsonWriter w;
  w.BeginObject();
  if (!d.number.empty()) w.Field(NumberName(d.kind), d.number);
  WriteMembers(w, d, MovementHeader(d.kind));
  if (d.kind == MovementKind::kReceipt || d.kind == MovementKind::kArrival) {
    w.Key("remarks").BeginArray();
    for (const LineRemark& r : d.remarks) {
      w.BeginObject().Field("line", r.line).Field("remark", r.remark).EndObject();
    }
    w.EndArray();
  }
  w.Field("date", d.date.ToString());
  w.Key("lines").BeginArray();
  for (const DocumentLine& l : d.lines) WriteLine(w, l);
  w.EndArray().Key("totals").BeginArray();
  for (const Money& t : d.totals) w.MoneyValue(t);
  w.EndArray();
  WriteMembers(w, d, MovementTrailer());
  return w.EndObject().Take();
}

std::string EncodeDocument(const CashDocument& d) {
  JsonWriter w;
  w.BeginObject().Field("number", d.number).Field("kind", d.kind).Field("date", d.date.ToString());
  if (const CashKind* k = FindCashKind(d.kind)) WriteMembers(w, d, k->header);
  w.Key("postings").BeginArray();
  for (const CashDocumentPosting& p : d.postings) {
    w.BeginObject().Field("account", p.account).Field("amount", p.amount).Field("uah", p.uah);
    w.EndObject();
  }
  w.EndArray();
  WriteMembers(w, d, CashTrailer());
  return w.EndObject().Take();
}

std::string EncodeDocument(const ConfirmationDocument& d) {
  return EncodeFlat(d, ConfirmationMembers());
}
std::string EncodeDocument(const PeriodReopenDocument& d) {
  return EncodeFlat(d, PeriodReopenMembers());
}
std::string EncodeDocument(const RateCorrectionDocument& d) {
  return EncodeFlat(d, RateCorrectionMembers());
}
std::string EncodeDocument(const JournalDocument& d) {
  return std::visit([](const auto& x) { return EncodeDocument(x); }, d);
}

// --- Decoding ---------------------------------------------------------------------

Result<MovementDocument> DecodeMovement(std::string_view kind, std::string_view json) {
  std::optional<MovementKind> k = ParseMovementKind(kind);
  if (!k) return Corrupt("not a movement: " + std::string(kind));
  ZAPAS_ASSIGN_OR_RETURN(JsonValue doc, ParseObject(json));
  MovementDocument d;
  d.kind = *k;
  for (const auto& [name, v] : doc.members()) {
    if (name == NumberName(d.kind)) {
      ZAPAS_ASSIGN_OR_RETURN(d.number, ReadText(v, name));
    } else if (name == "date") {
      ZAPAS_ASSIGN_OR_RETURN(d.date, ReadDate(v));
    } else if (name == "lines") {
      ZAPAS_RETURN_IF_ERROR(ReadArray(v, name, d.lines, ReadLine));
    } else if (name == "totals") {
      ZAPAS_RETURN_IF_ERROR(ReadArray(v, name, d.totals, ReadMoney));
    } else if (name == "remarks") {
      ZAPAS_RETURN_IF_ERROR(ReadArray(v, name, d.remarks, ReadRemark));
    } else {
      ZAPAS_ASSIGN_OR_RETURN(bool known, ReadMember(d, MovementHeader(d.kind), name, v));
      if (!known) ZAPAS_RETURN_IF_ERROR(ReadMember(d, MovementTrailer(), name, v).status());
    }
  }
  return d;
}

Result<CashDocument> DecodeCash(std::string_view kind, std::string_view json) {
  const CashKind* k = FindCashKind(kind);
  if (k == nullptr) return Corrupt("not a money operation: " + std::string(kind));
  ZAPAS_ASSIGN_OR_RETURN(JsonValue doc, ParseObject(json));
  CashDocument d;
  d.kind = k->kind;
  for (const auto& [name, v] : doc.members()) {
    if (name == "number") {
      ZAPAS_ASSIGN_OR_RETURN(d.number, ReadText(v, name));
    } else if (name == "date") {
      ZAPAS_ASSIGN_OR_RETURN(d.date, ReadDate(v));
    } else if (name == "postings") {
      ZAPAS_RETURN_IF_ERROR(ReadArray(v, name, d.postings, ReadPosting));
    } else if (name != "kind") {
      ZAPAS_ASSIGN_OR_RETURN(bool known, ReadMember(d, k->header, name, v));
      if (!known) ZAPAS_RETURN_IF_ERROR(ReadMember(d, CashTrailer(), name, v).status());
    }
  }
  return d;
}

Result<ConfirmationDocument> DecodeConfirmation(std::string_view json) {
  return DecodeFlat(json, ConfirmationMembers());
}

Result<JournalDocument> DecodeDocument(std::string_view kind, std::string_view json) {
  if (IsRequestKind(kind)) {
    ZAPAS_ASSIGN_OR_RETURN(RequestDocument d, DecodeRequest(kind, json));
    return JournalDocument(std::move(d));
  }
  if (IsStocktakeKind(kind)) {
    ZAPAS_ASSIGN_OR_RETURN(StocktakeDocument d, DecodeStocktake(kind, json));
    return JournalDocument(std::move(d));
  }
  if (ParseMovementKind(kind)) {
    ZAPAS_ASSIGN_OR_RETURN(MovementDocument d, DecodeMovement(kind, json));
    return JournalDocument(std::move(d));
  }
  if (FindCashKind(kind) != nullptr) {
    ZAPAS_ASSIGN_OR_RETURN(CashDocument d, DecodeCash(kind, json));
    return JournalDocument(std::move(d));
  }
  if (kind == "confirmation") {
    ZAPAS_ASSIGN_OR_RETURN(ConfirmationDocument d, DecodeConfirmation(json));
    return JournalDocument(std::move(d));
  }
  if (kind == "period_reopen") {
    ZAPAS_ASSIGN_OR_RETURN(PeriodReopenDocument d, DecodeFlat(json, PeriodReopenMembers()));
    return JournalDocument(std::move(d));
  }
  if (kind == "rate_correction") {
    ZAPAS_ASSIGN_OR_RETURN(RateCorrectionDocument d, DecodeFlat(json, RateCorrectionMembers()));
    return JournalDocument(std::move(d));
  }
  return Corrupt("unknown kind of journal entry: " + std::string(kind));
}

// --- Numbers ----------------------------------------------------------------------

std::string_view NumberPrefix(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"receipt", "GRN"},    {"transfer", "TRN"},     {"delivery", "WB"},
      {"adjustment", "ADJ"}, {"reversal", "REV"},     {"cash_donation", "CD"},
      {"payment", "PAY"},    {"cash_transfer", "CT"}, {"exchange", "FX"},
      {"bank_fee", "FEE"},   {"request", "RQ"},       {"return", "RET"},
      {"stocktake", "CNT"},  {"assembly", "KIT"},     {"disassembly", "DIS"},
      {"arrival", "ARR"}};
  for (const auto& [k, prefix] : kPrefixes) {
    if (k == kind) return prefix;
  }
  return {};
}

std::string DocumentNumber(std::string_view prefix, int year, int64_t n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*s-%04d-%06lld", static_cast<int>(prefix.size()), prefix.data(),
                year, static_cast<long long>(n));
  return buf;
}

// --- From a plan ------------------------------------------------------------------

Status FillLines(MovementDocument& d, const Catalog& catalog, const MovementPlan& plan,
                 const std::function<const Lot*(const PlannedPosting&)>& lot_of) {
  const bool kits = plan.kind == MovementKind::kAssembly || plan.kind == MovementKind::kDisassembly;
  const bool signed_lines =
      kits || plan.kind == MovementKind::kAdjustment || plan.kind == MovementKind::kReversal;
  MoneyTotals totals;
  for (const PlannedPosting& p : plan.postings) {
    const bool in = plan.kind == MovementKind::kReceipt || plan.kind == MovementKind::kReturn ||
                    plan.kind == MovementKind::kArrival;
    if (!signed_lines && (in ? p.delta <= 0 : p.delta >= 0)) {
      continue;
    }
    const Lot* lot = lot_of(p);
    if (lot == nullptr) return Status::Internal("a planned posting names an unknown lot");
    const Item* item = catalog.ItemById(lot->item_id);
    const Donor* donor = catalog.DonorById(lot->donor_id);
    const Warehouse* warehouse =
        plan.kind == MovementKind::kReversal ? catalog.WarehouseById(p.warehouse_id) : nullptr;
    DocumentLine l;
    l.warehouse = warehouse ? warehouse->code : "";
    l.sku = item ? item->sku : "";
    l.lot = lot->batch;
    if (!lot->expiry.is_never()) l.expiry = lot->expiry;
    l.quantity = Quantity::FromMilli(signed_lines ? p.delta : std::abs(p.delta));
    l.unit_value = lot->unit_value();
    ZAPAS_ASSIGN_OR_RETURN(l.value, lot->unit_value().Times(l.quantity));
    l.donor = donor ? donor->code : "";
    // A kit lot's donors are its components': every one, in order.
    if (lot->kit != nullptr) {
      for (const KitPart& part : lot->kit->parts) {
        const Lot* from = catalog.LotById(part.lot_id);
        const Donor* d = from ? catalog.DonorById(from->donor_id) : nullptr;
        if (d != nullptr &&
            (", " + l.donor + ", ").find(", " + d->code + ", ") == std::string::npos) {
          l.donor += ", " + d->code;
        }
      }
    }
    // An assembly's or disassembly's total is the value of its components.
    if (!kits || lot->kit == nullptr) {
      ZAPAS_RETURN_IF_ERROR(
          totals.Add(kits ? Money::FromMinor(std::abs(l.value->minor_units()), l.value->currency())
                          : *l.value));
    }
    d.lines.push_back(std::move(l));
  }
  for (const MoneySum& t : totals.sums()) {
    ZAPAS_ASSIGN_OR_RETURN(Money m, t.ToMoney());
    d.totals.push_back(m);
  }
  return Status::Ok();
}

}  // namespace zapas
