// Requests from units, shelters and hospitals (POST /requests, their
// cancellation, and deliveries that name one), and the needs board they add
// up to (GET /reports/needs, its HXL and PDF).
//
// Each step is a journal entry — "request" (numbered RQ-), "request_cancel",
// a delivery whose document names its request, the reversal of such a
// delivery — and moves the request's lines and the needs board in the same
// transaction (Repository's WorkStore), by the rules of domain/aid_request.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/aid_request.h"
#include "domain/journal_document.h"
#include "domain/json.h"
#include "services/app/documents.h"
#include "services/app/json_input.h"
#include "services/app/store.h"

namespace zapas {

struct RequestCommand {
  std::string recipient;
  Date date = Date::FromDays(0);
  std::optional<Date> needed_by;
  RequestPriority priority = RequestPriority::kNormal;
  std::string reference;
  std::vector<RequestLine> lines;  // requested and note only
};
std::optional<RequestCommand> ReadRequest(FieldReader& in);
WriteWork CreateRequestWork(const RequestCommand& command);

// POST /requests/{id}/cancel: `lines` nullopt cancels everything outstanding.
struct CancelCommand {
  int64_t request = 0;
  std::string reason;
  std::optional<QuantitiesBySku> lines;
};
// Reads the body of a cancellation of request `id`.
Result<CancelCommand> DecodeCancel(int64_t id, const std::string& body);
WriteWork CancelRequestWork(const CancelCommand& command);

// A delivery that names a request: checks it against the request's lines
// (kConflict: a SKU not on the request, or more than outstanding; kInvalid
// naming "request" or "recipient" when it names no request of that
// recipient) and fills the document's request members. The write job calls
// it inside its transaction; the delivery preview, on a reader.
Status CheckRequestOfDelivery(Repository& repo, const DeliveryRequest& delivery,
                              MovementDocument& doc);
// After the entry `id` is stored: a delivery counted against its request,
// or (a reversal) no longer counted. Nothing for other documents.
Status CountDeliveryOfRequest(WriteContext& ctx, int64_t id, const MovementDocument& doc);
Status UncountReversedDelivery(WriteContext& ctx, const MovementDocument& delivery);

// At an alliance's hub, another site's entry (`entry`, stored in the hub's
// terms) moves the requests and the needs board as it did at its site: a
// request is stored, a cancellation or a delivery against a request counts on
// it, a reversed delivery is uncounted. `hub_id` gives the hub's id of an
// entry of that site by its id there (a delivery's document names its
// request by the site's id).
Status ReplaySiteWork(WriteContext& ctx, const JournalEntry& entry,
                      const std::function<Result<int64_t>(int64_t)>& hub_id);

// The JSON of a request: as created, with `deliveries` (id, waybill, date,
// reversed) when given.
struct RequestDelivery {
  int64_t id = 0;
  std::string waybill;
  Date date = Date::FromDays(0);
  bool reversed = false;
};
void WriteRequest(JsonWriter& w, const WorkStore::StoredRequest& r,
                  const std::vector<RequestDelivery>* deliveries = nullptr);
// ?status=open,partial&recipient=&priority=&limit=&after= -> the query.
Result<WorkStore::RequestQuery> ReadRequestQuery(const std::map<std::string, std::string>& query,
                                                 int limit);

// The needs board: per item, what is requested, delivered, cancelled and
// outstanding, beside what is in stock across all warehouses; `region` and
// `kind` ("" for all) narrow it to the requests of recipients of that region
// and kind.
struct NeedsItem {
  const Item* item = nullptr;
  int64_t requested = 0, delivered = 0, cancelled = 0, available = 0;
  int64_t outstanding() const { return requested - delivered - cancelled; }
};
struct NeedsBoard {
  std::string region, kind;
  std::vector<NeedsItem> items;  // most outstanding first, then by SKU
};
Result<NeedsBoard> ReadNeedsBoard(Repository& repo, const Catalog& catalog, const StockIndex& index,
                                  const std::string& region, const std::string& kind,
                                  const std::string& site = "");
std::string NeedsJson(const NeedsBoard& board);
// The HXL CSV: a title row, the hashtag row, then a row per item, region and
// recipient kind (narrowed as ReadNeedsBoard is).
Result<std::string> NeedsHxl(Repository& repo, const Catalog& catalog, const StockIndex& index,
                             const std::string& region, const std::string& kind);
// The one-page "what we need now" a donor is sent, dated `today`: the items
// with the most outstanding first.
Result<std::string> NeedsPdf(const NeedsBoard& board, Date today, const DocumentSettings& settings);

}  // namespace zapas
