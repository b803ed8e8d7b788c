// Printed documents: the waybill of a delivery (the transfer act when the
// recipient is a military unit). The data comes from the stored delivery — its
// document as accepted — and the catalog; nothing is recomputed.
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "domain/amount_in_words.h"
#include "printing/format.h"
#include "printing/waybill.h"
#include "services/api.h"
#include "services/documents.h"

namespace zapas {
namespace {

using Poco::JSON::Object;

std::string Text(const Object::Ptr& o, const char* key) {
  return o && o->has(key) && o->get(key).isString() ? o->getValue<std::string>(key) : "";
}

Result<Money> MoneyOf(const Object::Ptr& o, const char* key) {
  if (!o || !o->has(key)) return Status::Internal(std::string("stored document lacks ") + key);
  Object::Ptr m = o->getObject(key);
  return Money::Parse(Text(m, "amount"), Text(m, "currency"));
}

// "одна тисяча ... гривень 00 копійок; двісті євро 00 центів", capitalised.
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

}  // namespace

Result<std::string> WaybillPdf(Repository& repo, const Catalog& catalog, int64_t id,
                               const DocumentSettings& settings) {
  const std::string id_text = std::to_string(id);
  auto entry = repo.FindEntry(id);
  if (!entry.ok() || entry->kind != "delivery") return Status::NotFound("no delivery " + id_text);
  ZAPAS_ASSIGN_OR_RETURN(auto confirmation, repo.FindEventFor(entry->id, "confirmation"));
  std::string received_by;
  if (confirmation) {
    ZAPAS_ASSIGN_OR_RETURN(auto event, repo.FindEntry(*confirmation));
    try {
      received_by = Text(Poco::JSON::Parser().parse(event.document).extract<Object::Ptr>(),
                         "received_by");
    } catch (const Poco::Exception&) {
    }
  }
  Object::Ptr doc;
  try {
    doc = Poco::JSON::Parser().parse(entry->document).extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Status::Internal("stored delivery " + id_text + " is not JSON: " + e.displayText());
  }

  printing::WaybillData data;
  data.number = entry->number;
  data.date = entry->date;
  const Warehouse* wh = catalog.WarehouseByCode(Text(doc, "warehouse"));
  const Recipient* r = catalog.RecipientByCode(Text(doc, "recipient"));
  if (wh == nullptr || r == nullptr) return Status::Internal("delivery names unknown parties");
  data.is_transfer_act = r->kind == RecipientKind::kMilitaryUnit;
  data.place = wh->region;
  data.consignor = {settings.org_name, wh->name + ", " + wh->region, settings.org_edrpou};
  data.consignee = {r->name, r->region, r->code};
  data.consignee.code_label_uk = data.is_transfer_act ? "військова частина" : "код одержувача";
  data.consignee.code_label_en = data.is_transfer_act ? "military unit" : "recipient code";
  data.loading_point = wh->name + ", " + wh->region;
  data.unloading_point = r->region;
  Poco::JSON::Array::Ptr lines = doc->getArray("lines");
  for (size_t i = 0; lines && i < lines->size(); ++i) {
    Object::Ptr l = lines->getObject(static_cast<unsigned>(i));
    const Item* item = catalog.ItemBySku(Text(l, "sku"));
    printing::WaybillLine line;
    line.no = static_cast<int>(i) + 1;
    line.name_uk = item ? item->name_uk : Text(l, "sku");
    line.name_en = item ? item->name_en : "";
    if (item) std::tie(line.unit, line.unit_en) = printing::UnitLabels(item->unit);
    line.lot = Text(l, "lot");
    if (auto d = Date::Parse(Text(l, "expiry")); d.ok()) line.expiry = *d;
    auto q = Quantity::Parse(Text(l, "quantity"));
    line.quantity = q.ok() ? printing::FormatQuantity(*q) : Text(l, "quantity");
    ZAPAS_ASSIGN_OR_RETURN(line.price, MoneyOf(l, "unit_value"));
    ZAPAS_ASSIGN_OR_RETURN(line.sum, MoneyOf(l, "value"));
    data.lines.push_back(std::move(line));
  }
  Poco::JSON::Array::Ptr totals = doc->getArray("totals");
  for (size_t i = 0; totals && i < totals->size(); ++i) {
    Object::Ptr t = totals->getObject(static_cast<unsigned>(i));
    ZAPAS_ASSIGN_OR_RETURN(Money m, Money::Parse(Text(t, "amount"), Text(t, "currency")));
    data.totals.push_back(m);
  }
  data.total_in_words_uk = InWords(data.totals, true);
  data.total_in_words_en = InWords(data.totals, false);
  data.handed_over = {Text(doc, "recorded_by"), "Комірник / Storekeeper"};
  data.received = {received_by, ""};
  if (data.is_transfer_act) data.commander = {"", "Командир військової частини"};
  printing::PrintOptions options;
  options.font_regular_path = settings.font_regular;
  options.font_bold_path = settings.font_bold;
  options.fixed_time = settings.fixed_time;
  return printing::RenderWaybill(data, options);
}

Result<Reply> Api::DeliveryWaybill(Call& c) {
  const std::string& id_text = c.params.at(0);
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::NotFound("no delivery " + id_text);
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf, store_.Read([&](const Catalog& catalog, const StockIndex&) {
    return WaybillPdf(*conn, catalog, std::stoll(id_text), documents_);
  }));
  return Reply{200, std::move(pdf), "application/pdf"};
}

}  // namespace zapas
