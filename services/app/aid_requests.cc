#include "services/app/aid_requests.h"

#include <algorithm>

#include "domain/csv.h"
#include "domain/limits.h"
#include "domain/text.h"
#include "printing/count_sheet.h"
#include "printing/format.h"
#include "services/app/periods.h"
#include "services/app/requests.h"

namespace zapas {

using StoredRequest = WorkStore::StoredRequest;

namespace {

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

// The request `id`, or kInvalid naming `field` when there is none.
Result<StoredRequest> RequestOf(Repository& repo, int64_t id, const std::string& field) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<StoredRequest> r, repo.FindRequest(id));
  if (!r) return Status::Field(field, "no request " + std::to_string(id));
  return std::move(*r);
}

// Adds what changed between `before` and `after` of one request to the needs
// board, under the request's recipient's region and kind.
Status MoveNeeds(WriteContext& ctx, const StoredRequest& before, const StoredRequest& after) {
  const Recipient* recipient = ctx.catalog.RecipientByCode(after.recipient);
  if (recipient == nullptr) return Status::Internal("a request names an unknown recipient");
  for (size_t i = 0; i < after.lines.size(); ++i) {
    const RequestLine& a = after.lines[i];
    const RequestLine* b = i < before.lines.size() ? &before.lines[i] : nullptr;
    WorkStore::NeedRow delta{a.sku,
                             recipient->region,
                             std::string(RecipientKindName(recipient->kind)),
                             a.requested - (b ? b->requested : 0),
                             a.delivered - (b ? b->delivered : 0),
                             a.cancelled - (b ? b->cancelled : 0)};
    if (delta.requested == 0 && delta.delivered == 0 && delta.cancelled == 0) continue;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.AddNeeds(delta));
  }
  return Status::Ok();
}

// Stores the request's new lines and status, and the needs board's change.
Status SaveRequest(WriteContext& ctx, const StoredRequest& before, StoredRequest after) {
  after.status = StatusOf(after.lines);
  ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateRequest(after));
  return MoveNeeds(ctx, before, after);
}

QuantitiesBySku BySku(const std::vector<DocumentLine>& lines) {
  QuantitiesBySku out;
  for (const DocumentLine& l : lines) out[l.sku] += l.quantity.milli();
  return out;
}

int64_t ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(text);
}

}  // namespace

std::optional<RequestCommand> ReadRequest(FieldReader& in) {
  RequestCommand c;
  c.recipient = in.Code("recipient");
  c.date = in.DateValue("date").value_or(Date::FromDays(0));
  c.needed_by = in.DateValue("needed_by", false);
  const std::string priority = in.Text("priority", true, 20);
  if (!priority.empty()) {
    auto p = ParseRequestPriority(priority);
    if (!p) {
      in.Fail("priority", "must be one of urgent, high, normal");
    } else {
      c.priority = *p;
    }
  }
  c.reference = in.Text("reference", false, 200);
  std::vector<FieldReader> lines = in.Objects("lines");
  for (size_t i = 0; i < lines.size(); ++i) {
    FieldReader& l = lines[i];
    RequestLine line;
    line.sku = l.Code("sku");
    std::optional<Quantity> q = l.QuantityValue("quantity");
    if (q) {
      if (!q->is_positive()) {
        l.Fail("quantity", "must be positive");
      } else if (Status s = CheckLineQuantity(*q, l.Path("quantity")); !s.ok()) {
        l.Fail("quantity", s.errors().empty() ? s.message() : s.errors().front().message);
      }
      line.requested = q->milli();
    }
    line.note = l.Text("note", false, 500);
    for (const RequestLine& earlier : c.lines) {
      if (!line.sku.empty() && earlier.sku == line.sku) {
        l.Fail("sku", "SKU " + line.sku + " is on the request already: one line per SKU");
      }
    }
    c.lines.push_back(std::move(line));
  }
  return c;
}

WriteWork CreateRequestWork(const RequestCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    const Recipient* recipient = ctx.catalog.RecipientByCode(c.recipient);
    if (recipient == nullptr) {
      return Status::Field("recipient", ctx.catalog.Unknown(CodeKind::kRecipient, c.recipient));
    }
    for (size_t i = 0; i < c.lines.size(); ++i) {
      if (ctx.catalog.ItemBySku(c.lines[i].sku) == nullptr) {
        return Status::Field("lines[" + std::to_string(i) + "].sku",
                             ctx.catalog.Unknown(CodeKind::kItem, c.lines[i].sku));
      }
    }
    ZAPAS_RETURN_IF_ERROR(CheckNotTooFarAhead(ctx.latest_date, c.date));
    if (c.needed_by && *c.needed_by < c.date) {
      return Status::Field("needed_by",
                           "must not be before the request's date " + c.date.ToString());
    }
    const std::string prefix(NumberPrefix("request"));
    ZAPAS_ASSIGN_OR_RETURN(std::string number, ctx.NextNumber(prefix, c.date.year()));
    RequestDocument doc{.kind = "request",
                        .number = std::move(number),
                        .recipient = recipient->code,
                        .priority = std::string(RequestPriorityName(c.priority)),
                        .reference = c.reference,
                        .date = c.date,
                        .needed_by = c.needed_by,
                        .recorded_at = ctx.recorded_at,
                        .recorded_by = ctx.who.username};
    for (const RequestLine& l : c.lines) {
      doc.lines.push_back({l.sku, Quantity::FromMilli(l.requested), l.note});
    }
    JournalEntry entry = ctx.NewEntry("request", c.date, doc.number);
    entry.document = EncodeDocument(doc);
    ZAPAS_ASSIGN_OR_RETURN(entry.id, ctx.repo.InsertEntry(entry));
    StoredRequest stored{.id = entry.id,
                         .number = doc.number,
                         .recipient = recipient->code,
                         .date = c.date,
                         .needed_by = c.needed_by,
                         .priority = c.priority,
                         .reference = c.reference,
                         .lines = c.lines};
    stored.status = StatusOf(stored.lines);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertRequest(stored));
    ZAPAS_RETURN_IF_ERROR(MoveNeeds(ctx, StoredRequest{}, stored));
    JsonWriter w;
    WriteRequest(w, stored);
    return Written{w.Take()};
  };
}

Result<CancelCommand> DecodeCancel(int64_t id, const std::string& body) {
  return DecodeJson(body, [id](FieldReader& in) -> std::optional<CancelCommand> {
    CancelCommand c{.request = id, .reason = in.Text("reason", true, 500)};
    if (!in.Has("lines")) return c;
    c.lines.emplace();
    for (FieldReader& l : in.Objects("lines")) {
      const std::string sku = l.Code("sku");
      std::optional<Quantity> q = l.QuantityValue("quantity");
      if (q && !q->is_positive()) l.Fail("quantity", "must be positive");
      if (!sku.empty() && q) (*c.lines)[sku] += q->milli();
    }
    return c;
  });
}

WriteWork CancelRequestWork(const CancelCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<StoredRequest> found, ctx.repo.FindRequest(c.request));
    if (!found) return Status::NotFound("no request " + std::to_string(c.request));
    const StoredRequest before = *found;
    StoredRequest after = before;
    ZAPAS_ASSIGN_OR_RETURN(QuantitiesBySku cancelled,
                           CancelOutstanding(after.lines, c.lines, before.number));
    // Dated the day it is recorded (UTC), and never before the request.
    ZAPAS_ASSIGN_OR_RETURN(Date on, Date::Parse(ctx.recorded_at.substr(0, 10)));
    RequestDocument doc{.kind = "request_cancel",
                        .request = std::to_string(before.id),
                        .request_number = before.number,
                        .reason = c.reason,
                        .date = std::max(on, before.date),
                        .recorded_at = ctx.recorded_at,
                        .recorded_by = ctx.who.username};
    for (const auto& [sku, milli] : cancelled) {
      doc.lines.push_back({sku, Quantity::FromMilli(milli), ""});
    }
    JournalEntry entry = ctx.NewEntry("request_cancel", doc.date, "", before.id);
    entry.document = EncodeDocument(doc);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertEntry(entry).status());
    ZAPAS_RETURN_IF_ERROR(SaveRequest(ctx, before, after));
    after.status = StatusOf(after.lines);
    JsonWriter w;
    WriteRequest(w, after);
    return Written{w.Take(), false};
  };
}

Status CheckRequestOfDelivery(Repository& repo, const DeliveryRequest& delivery,
                              MovementDocument& doc) {
  if (delivery.request == 0) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(StoredRequest r, RequestOf(repo, delivery.request, "request"));
  if (r.recipient != delivery.recipient) {
    return Status::Field("recipient", "request " + r.number + " is for recipient " + r.recipient);
  }
  if (delivery.date < r.date) {
    return Status::Field("date",
                         "must not be before request " + r.number + "'s date " + r.date.ToString());
  }
  QuantitiesBySku wanted;
  for (const OutLine& l : delivery.lines) wanted[l.sku] += l.quantity.milli();
  ZAPAS_RETURN_IF_ERROR(CountDelivery(r.lines, wanted, r.number));
  doc.request = std::to_string(r.id);
  doc.request_number = r.number;
  doc.request_date = r.date.ToString();
  return Status::Ok();
}

Status CountDeliveryOfRequest(WriteContext& ctx, int64_t id, const MovementDocument& doc) {
  const int64_t request_id = ParseId(doc.request);
  if (request_id == 0) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(StoredRequest before, RequestOf(ctx.repo, request_id, "request"));
  StoredRequest after = before;
  ZAPAS_RETURN_IF_ERROR(CountDelivery(after.lines, BySku(doc.lines), before.number));
  ZAPAS_RETURN_IF_ERROR(ctx.repo.AddRequestDelivery(request_id, id));
  return SaveRequest(ctx, before, std::move(after));
}

Status UncountReversedDelivery(WriteContext& ctx, const MovementDocument& delivery) {
  const int64_t request_id = ParseId(delivery.request);
  if (request_id == 0) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(StoredRequest before, RequestOf(ctx.repo, request_id, "request"));
  StoredRequest after = before;
  ZAPAS_RETURN_IF_ERROR(UncountDelivery(after.lines, BySku(delivery.lines)));
  return SaveRequest(ctx, before, std::move(after));
}

Status ReplaySiteWork(WriteContext& ctx, const JournalEntry& e,
                      const std::function<Result<int64_t>(int64_t)>& hub_id) {
  // A movement's request, named by the site's id, in the hub's.
  auto in_hub_terms = [&](MovementDocument& d) -> Status {
    if (ParseId(d.request) == 0) return Status::Ok();
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, hub_id(ParseId(d.request)));
    d.request = std::to_string(id);
    return Status::Ok();
  };
  if (e.kind == "request") {
    ZAPAS_ASSIGN_OR_RETURN(RequestDocument doc, DecodeRequest(e.kind, e.document));
    StoredRequest r{
        .id = e.id,
        .number = doc.number,
        .recipient = doc.recipient,
        .date = doc.date,
        .needed_by = doc.needed_by,
        .priority = ParseRequestPriority(doc.priority).value_or(RequestPriority::kNormal),
        .reference = doc.reference};
    for (const RequestDocumentLine& l : doc.lines) {
      r.lines.push_back(RequestLine{
          .sku = l.sku, .requested = l.quantity ? l.quantity->milli() : 0, .note = l.note});
    }
    r.status = StatusOf(r.lines);
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertRequest(r));
    return MoveNeeds(ctx, StoredRequest{}, r);
  }
  if (e.kind == "request_cancel") {
    ZAPAS_ASSIGN_OR_RETURN(RequestDocument doc, DecodeRequest(e.kind, e.document));
    ZAPAS_ASSIGN_OR_RETURN(StoredRequest before, RequestOf(ctx.repo, e.refers_to, "request"));
    StoredRequest after = before;
    QuantitiesBySku cancelled;
    for (const RequestDocumentLine& l : doc.lines) {
      if (l.quantity) cancelled[l.sku] += l.quantity->milli();
    }
    ZAPAS_RETURN_IF_ERROR(CancelOutstanding(after.lines, cancelled, before.number).status());
    return SaveRequest(ctx, before, std::move(after));
  }
  if (e.kind == "delivery") {
    ZAPAS_ASSIGN_OR_RETURN(MovementDocument doc, DecodeMovement(e.kind, e.document));
    ZAPAS_RETURN_IF_ERROR(in_hub_terms(doc));
    return CountDeliveryOfRequest(ctx, e.id, doc);
  }
  if (e.kind == "reversal") {
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry original, ctx.repo.FindEntry(e.refers_to));
    if (original.kind != "delivery") return Status::Ok();
    ZAPAS_ASSIGN_OR_RETURN(MovementDocument doc, DecodeMovement(original.kind, original.document));
    ZAPAS_RETURN_IF_ERROR(in_hub_terms(doc));
    return UncountReversedDelivery(ctx, doc);
  }
  return Status::Ok();
}

void WriteRequest(JsonWriter& w, const StoredRequest& r,
                  const std::vector<RequestDelivery>* deliveries) {
  w.BeginObject()
      .Field("id", std::to_string(r.id))
      .Field("number", r.number)
      .Field("recipient", r.recipient)
      .Field("date", r.date.ToString())
      .NullableField("needed_by", r.needed_by ? r.needed_by->ToString() : "")
      .Field("priority", RequestPriorityName(r.priority))
      .Field("reference", r.reference)
      .Field("status", RequestStatusName(r.status));
  w.Key("lines").BeginArray();
  for (const RequestLine& l : r.lines) {
    w.BeginObject()
        .Field("sku", l.sku)
        .Field("requested", Qty(l.requested))
        .Field("delivered", Qty(l.delivered))
        .Field("cancelled", Qty(l.cancelled))
        .Field("outstanding", Qty(l.outstanding()))
        .Field("note", l.note)
        .EndObject();
  }
  w.EndArray();
  if (deliveries != nullptr) {
    w.Key("deliveries").BeginArray();
    for (const RequestDelivery& d : *deliveries) {
      w.BeginObject()
          .Field("id", std::to_string(d.id))
          .Field("waybill", d.waybill)
          .Field("date", d.date.ToString())
          .Field("reversed", d.reversed)
          .EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

Result<WorkStore::RequestQuery> ReadRequestQuery(const std::map<std::string, std::string>& query,
                                                 int limit) {
  WorkStore::RequestQuery q;
  q.limit = limit;
  auto param = [&](const char* name) {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  };
  for (const std::string& s : SplitOn(param("status"), ',')) {
    auto status = ParseRequestStatus(s);
    if (!status) {
      return Status::Field("status",
                           "must be open, partial, fulfilled or cancelled "
                           "(several joined by commas)");
    }
    q.statuses.push_back(*status);
  }
  q.recipient = param("recipient");
  if (const std::string p = param("priority"); !p.empty()) {
    q.priority = ParseRequestPriority(p);
    if (!q.priority) return Status::Field("priority", "must be urgent, high or normal");
  }
  q.after = param("after");
  return q;
}

// --- The needs board --------------------------------------------------------------

namespace {

Status CheckNeedsKind(const std::string& kind) {
  if (!kind.empty() && !ParseRecipientKind(kind)) {
    return Status::Field("kind",
                         "must be one of military_unit, idp_household, idp_shelter, "
                         "hospital, community");
  }
  return Status::Ok();
}

// What every warehouse holds of an item now, as GET /stock lists it.
// What is in stock of `item`: everywhere, or in the warehouses of `site`
// (goods on their way to them left out).
int64_t InStock(const StockIndex& index, const Catalog& catalog, const Item& item,
                const std::string& site) {
  int64_t sum = 0;
  index.ForEachOfItem(item.id, Date::FromDays(0), [&](const LotBalance& b) {
    const Warehouse* w = site.empty() ? nullptr : catalog.WarehouseById(b.warehouse_id);
    if (site.empty() || (w != nullptr && w->site == site && !IsTransit(*w))) sum += b.quantity;
    return true;
  });
  return sum;
}

}  // namespace

Result<NeedsBoard> ReadNeedsBoard(Repository& repo, const Catalog& catalog, const StockIndex& index,
                                  const std::string& region, const std::string& kind,
                                  const std::string& site) {
  ZAPAS_RETURN_IF_ERROR(CheckNeedsKind(kind));
  if (!site.empty() && !IsSiteCode(site)) return Status::Field("site", "is no site's code");
  ZAPAS_ASSIGN_OR_RETURN(
      std::vector<WorkStore::NeedRow> rows,
      site.empty() ? repo.NeedTotals(region, kind) : repo.SiteNeedTotals(site, region, kind));
  NeedsBoard board{region, kind, {}};
  for (const WorkStore::NeedRow& r : rows) {
    const Item* item = catalog.ItemBySku(r.sku);
    if (item == nullptr || r.requested == 0) continue;
    board.items.push_back(NeedsItem{item, r.requested, r.delivered, r.cancelled,
                                    InStock(index, catalog, *item, site)});
  }
  std::stable_sort(
      board.items.begin(), board.items.end(),
      [](const NeedsItem& a, const NeedsItem& b) { return a.outstanding() > b.outstanding(); });
  return board;
}

std::string NeedsJson(const NeedsBoard& board) {
  JsonWriter w;
  w.BeginObject();
  w.NullableField("region", board.region).NullableField("kind", board.kind);
  w.Key("items").BeginArray();
  for (const NeedsItem& n : board.items) {
    w.BeginObject()
        .Field("sku", n.item->sku)
        .Key("name")
        .BeginObject()
        .Field("uk", n.item->name_uk)
        .Field("en", n.item->name_en)
        .EndObject()
        .Field("unit", UnitName(n.item->unit))
        .Field("requested", Qty(n.requested))
        .Field("delivered", Qty(n.delivered))
        .Field("cancelled", Qty(n.cancelled))
        .Field("outstanding", Qty(n.outstanding()))
        .Field("available", Qty(n.available))
        .EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

Result<std::string> NeedsHxl(Repository& repo, const Catalog& catalog, const StockIndex& index,
                             const std::string& region, const std::string& kind) {
  ZAPAS_RETURN_IF_ERROR(CheckNeedsKind(kind));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<WorkStore::NeedRow> rows, repo.Needs());
  std::string out;
  AppendCsvRow(out, {"Item", "Item code", "Unit", "Region", "Recipient kind", "Requested",
                     "Delivered", "Cancelled", "Outstanding", "Available in stock"});
  AppendCsvRow(out, {"#item+name", "#item+code", "#item+unit", "#adm1+name", "#targeted+type",
                     "#value+requested", "#value+delivered", "#value+cancelled",
                     "#value+outstanding", "#value+available"});
  std::map<std::string, int64_t> available;
  for (const WorkStore::NeedRow& r : rows) {
    if ((!region.empty() && r.region != region) || (!kind.empty() && r.kind != kind)) continue;
    const Item* item = catalog.ItemBySku(r.sku);
    if (item == nullptr || r.requested == 0) continue;
    auto [it, added] = available.try_emplace(r.sku, 0);
    if (added) it->second = InStock(index, catalog, *item, "");
    AppendCsvRow(out, {item->name_en, item->sku, std::string(UnitName(item->unit)), r.region,
                       r.kind, Qty(r.requested), Qty(r.delivered), Qty(r.cancelled),
                       Qty(r.requested - r.delivered - r.cancelled), Qty(it->second)});
  }
  return out;
}

Result<std::string> NeedsPdf(const NeedsBoard& board, Date today,
                             const DocumentSettings& settings) {
  // One page holds about this many rows beside the title and the notes.
  constexpr size_t kRows = 26;
  printing::NeedsSheetData data;
  data.number = "NEEDS-" + today.ToString();
  data.date = today;
  data.organisation = settings.org_name;
  const std::string kind_uk = board.kind.empty() ? "усі отримувачі" : board.kind;
  const std::string kind_en = board.kind.empty() ? "all recipients" : board.kind;
  data.scope_uk = (board.region.empty() ? "усі регіони" : board.region) + ", " + kind_uk;
  data.scope_en = (board.region.empty() ? "all regions" : board.region) + ", " + kind_en;
  for (const NeedsItem& n : board.items) {
    if (n.outstanding() <= 0) continue;
    if (data.lines.size() == kRows) {
      ++data.more;
      continue;
    }
    auto [unit_uk, unit_en] = printing::UnitLabels(n.item->unit);
    auto q = [](int64_t milli) { return printing::FormatQuantity(Quantity::FromMilli(milli)); };
    data.lines.push_back({n.item->name_uk, n.item->name_en, unit_uk, unit_en, q(n.requested),
                          q(n.delivered), q(n.outstanding()), q(n.available)});
  }
  return printing::RenderNeedsSheet(data, PrintOptionsOf(settings));
}

}  // namespace zapas
