// Printed documents from stored records: the waybill of a delivery (the
// transfer act when the recipient is a military unit) and the goods received
// note of a receipt. The data comes from the stored entry — its document as
// accepted — and the catalog; nothing is recomputed. Each carries a QR code of
// its number and the short hash of its journal entry (GET /verify/{hash}).
#include "services/app/documents.h"

#include <map>

#include "domain/amount_in_words.h"
#include "domain/journal_document.h"
#include "domain/kits.h"
#include "persistence/journal_hash.h"
#include "printing/format.h"
#include "printing/grn.h"
#include "printing/waybill.h"
#include "services/app/confirmation.h"
#include "services/app/json_input.h"

namespace zapas {
namespace {

// A stored movement of `kind` and its document.
struct Stored {
  JournalEntry entry;
  MovementDocument document;
};

Result<Stored> Load(Repository& repo, int64_t id, const std::string& kind, const char* noun) {
  auto entry = repo.FindEntry(id);
  if (!entry.ok() || entry->kind != kind) {
    return Status::NotFound(std::string("no ") + noun + " " + std::to_string(id));
  }
  ZAPAS_ASSIGN_OR_RETURN(MovementDocument document, DecodeMovement(kind, entry->document));
  return Stored{*std::move(entry), std::move(document)};
}

// One goods line as both documents print it.
struct GoodsLine {
  std::string name_uk, name_en, unit, unit_en, lot, quantity;
  std::optional<Date> expiry;
  Money unit_value = Money::Zero(*FindCurrency("UAH"));
  Money value = Money::Zero(*FindCurrency("UAH"));
};

Result<std::vector<GoodsLine>> LinesOf(const MovementDocument& doc, const Catalog& catalog) {
  std::vector<GoodsLine> out;
  for (const DocumentLine& l : doc.lines) {
    if (!l.unit_value || !l.value) return Status::Internal("a stored line lacks its value");
    const Item* item = catalog.ItemBySku(l.sku);
    GoodsLine line;
    line.name_uk = item ? item->name_uk : l.sku;
    line.name_en = item ? item->name_en : "";
    if (item) std::tie(line.unit, line.unit_en) = printing::UnitLabels(item->unit);
    line.lot = l.lot;
    line.expiry = l.expiry;
    line.quantity = printing::FormatQuantity(l.quantity);
    line.unit_value = *l.unit_value;
    line.value = *l.value;
    out.push_back(std::move(line));
  }
  return out;
}

// Under a delivered kit, the component lots its quantity holds (its share
// of each part, domain/kits.h), each as a line of contents.
void AddKitContents(std::vector<printing::WaybillLine>& out, const DocumentLine& line,
                    const Catalog& catalog) {
  const Item* kit = catalog.ItemBySku(line.sku);
  const Lot* lot = kit ? catalog.LotByBatch(kit->id, line.lot) : nullptr;
  if (lot == nullptr || lot->kit == nullptr) return;
  for (const KitPart& part : lot->kit->parts) {
    const Lot* from = catalog.LotById(part.lot_id);
    const Item* item = from ? catalog.ItemById(from->item_id) : nullptr;
    if (item == nullptr) continue;
    printing::WaybillLine l;
    l.contents = true;
    l.name_uk = "у т.ч. " + item->name_uk;
    l.name_en = "incl. " + item->name_en;
    std::tie(l.unit, l.unit_en) = printing::UnitLabels(item->unit);
    l.lot = from->batch;
    l.expiry = from->expiry;
    l.quantity = printing::FormatQuantity(
        Quantity::FromMilli(KitShare(part.milli, lot->kit->of, line.quantity.milli())));
    out.push_back(std::move(l));
  }
}

// "Одна тисяча ... гривень 00 копійок; двісті євро 00 центів".
std::string InWords(const std::vector<Money>& totals, bool ukrainian) {
  std::string out;
  for (const Money& m : totals) {
    auto words = ukrainian ? AmountInWordsUk(m) : AmountInWordsEn(m);
    if (!words.ok()) continue;
    if (!out.empty()) out += "; ";
    out += *words;
  }
  return CapitalizeFirstUtf8(out);
}

// What the QR code carries: the number and the entry's short hash.
std::string QrPayload(const JournalEntry& e) {
  return e.hash.empty() ? "" : "zapas:" + e.number + ":" + ShortHash(e.hash);
}

}  // namespace

printing::PrintOptions PrintOptionsOf(const DocumentSettings& settings) {
  printing::PrintOptions options;
  options.font_regular_path = settings.font_regular;
  options.font_bold_path = settings.font_bold;
  options.fixed_time = settings.fixed_time;
  return options;
}

Result<std::string> WaybillPdf(Repository& repo, const Catalog& catalog, int64_t id,
                               const DocumentSettings& settings, PrintedFor& who) {
  who.read_of = 0;
  ZAPAS_ASSIGN_OR_RETURN(Stored stored, Load(repo, id, "delivery", "delivery"));
  const MovementDocument& doc = stored.document;
  const Warehouse* wh = catalog.WarehouseByCode(doc.warehouse);
  const Recipient* r = catalog.RecipientByCode(doc.recipient);
  if (wh == nullptr || r == nullptr) return Status::Internal("delivery names unknown parties");
  ZAPAS_ASSIGN_OR_RETURN(auto confirmation, repo.FindEventFor(id, "confirmation"));
  std::string received_by;
  if (confirmation && who.personal) {
    // Who received it is personal data: printed for those who hand out aid.
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry event, repo.FindEntry(*confirmation));
    ZAPAS_ASSIGN_OR_RETURN(Confirmation read,
                           ReadConfirmation(repo, event.document, /*open_personal=*/true));
    received_by = read.received_by;
  }
  // An IDP household is named after its people: a reader who may not see
  // personal data gets its kind and code instead.
  const bool name_is_personal = NameIsPersonal(r->kind);
  const std::string consignee_name =
      name_is_personal && !who.personal ? "Домогосподарство ВПО / IDP household" : r->name;
  if (!received_by.empty() || (name_is_personal && who.personal)) who.read_of = r->id;

  printing::WaybillData data;
  data.number = stored.entry.number;
  data.date = stored.entry.date;
  data.is_transfer_act = r->kind == RecipientKind::kMilitaryUnit;
  data.place = wh->region;
  data.request_number = doc.request_number;
  if (auto d = Date::Parse(doc.request_date); d.ok()) data.request_date = *d;
  data.consignor = {settings.org_name, wh->name + ", " + wh->region, settings.org_edrpou};
  // A household is named by its recipient record only: never its people.
  data.consignee = {consignee_name, r->region, r->code};
  data.consignee.code_label_uk = data.is_transfer_act ? "військова частина" : "код одержувача";
  data.consignee.code_label_en = data.is_transfer_act ? "military unit" : "recipient code";
  data.loading_point = wh->name + ", " + wh->region;
  data.unloading_point = r->region;
  ZAPAS_ASSIGN_OR_RETURN(std::vector<GoodsLine> lines, LinesOf(doc, catalog));
  int no = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const GoodsLine& l = lines[i];
    data.lines.push_back(printing::WaybillLine{++no, l.name_uk, l.name_en, l.unit, l.unit_en, l.lot,
                                               l.expiry, l.quantity, l.unit_value, l.value});
    if (who.contents) AddKitContents(data.lines, doc.lines[i], catalog);
  }
  data.totals = doc.totals;
  data.total_in_words_uk = InWords(data.totals, true);
  data.total_in_words_en = InWords(data.totals, false);
  data.handed_over = {doc.recorded_by, "Комірник / Storekeeper"};
  data.received = {received_by, ""};
  if (data.is_transfer_act) data.commander = {"", "Командир військової частини"};
  data.qr_payload = QrPayload(stored.entry);
  return printing::RenderWaybill(data, PrintOptionsOf(settings));
}

Result<std::string> GrnPdf(Repository& repo, const Catalog& catalog, int64_t id,
                           const DocumentSettings& settings) {
  ZAPAS_ASSIGN_OR_RETURN(Stored stored, Load(repo, id, "receipt", "receipt"));
  const MovementDocument& doc = stored.document;
  const Warehouse* wh = catalog.WarehouseByCode(doc.warehouse);
  const Donor* donor = catalog.DonorByCode(doc.donor);
  if (wh == nullptr || donor == nullptr) return Status::Internal("receipt names unknown parties");

  printing::GrnData data;
  data.number = stored.entry.number;
  data.date = stored.entry.date;
  data.place = wh->region;
  data.receiver = {settings.org_name, "", settings.org_edrpou};
  data.warehouse = wh->name + ", " + wh->region;
  data.donor = {donor->name, donor->country};
  data.reference = doc.reference;
  std::map<int64_t, std::string> remarks;
  for (const LineRemark& r : doc.remarks) remarks[r.line] = r.remark;
  ZAPAS_ASSIGN_OR_RETURN(std::vector<GoodsLine> lines, LinesOf(doc, catalog));
  int no = 0;
  for (GoodsLine& l : lines) {
    ++no;
    data.lines.push_back(printing::GrnLine{no, l.name_uk, l.name_en, l.unit, l.unit_en, l.lot,
                                           l.expiry, l.quantity, l.unit_value, l.value,
                                           remarks.count(no) ? remarks[no] : ""});
  }
  data.totals = doc.totals;
  data.total_in_words_uk = InWords(data.totals, true);
  data.total_in_words_en = InWords(data.totals, false);
  data.received_by = {doc.recorded_by, "Комірник / Storekeeper"};
  data.qr_payload = QrPayload(stored.entry);
  return printing::RenderGrn(data, PrintOptionsOf(settings));
}

Result<ReportRequest> ParseReportRequest(const std::map<std::string, std::string>& query,
                                         const std::string& default_currency) {
  auto get = [&](const char* k) {
    auto it = query.find(k);
    return it == query.end() ? std::string() : it->second;
  };
  std::vector<FieldError> errors;
  ReportRequest r;
  for (auto [name, target] : {std::pair<const char*, Date*>{"from", &r.from}, {"to", &r.to}}) {
    auto d = Date::Parse(get(name));
    if (!d.ok()) {
      errors.push_back(
          {name, get(name).empty() ? "is required (YYYY-MM-DD)" : d.status().message()});
    } else {
      *target = *d;
    }
  }
  if (errors.empty() && r.to < r.from) errors.push_back({"to", "must not be before from"});
  const std::string currency = get("currency").empty() ? default_currency : get("currency");
  r.currency = FindCurrency(currency);
  if (r.currency == nullptr)
    errors.push_back({"currency", "unknown currency \"" + currency + "\""});
  r.language = get("lang").empty() ? "en" : get("lang");
  if (r.language != "en" && r.language != "uk") errors.push_back({"lang", "must be en or uk"});
  r.site = get("site");
  if (!r.site.empty() && !IsSiteCode(r.site)) errors.push_back({"site", "is no site's code"});
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return r;
}

}  // namespace zapas
