// The endpoints of everyday warehouse work: requests and their
// cancellation, the needs board (JSON, HXL, PDF), returns and stocktakes;
// each decodes its request and runs the write job of services/app.
#include "services/app/aid_requests.h"
#include "services/app/stocktakes.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ListRequests(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(WorkStore::RequestQuery q, ReadRequestQuery(c.request.query, limit + 1));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto rows, conn->ListRequests(q));
  return PageReply(
      std::move(rows), limit,
      [](JsonWriter& w, const WorkStore::StoredRequest& r) { WriteRequest(w, r); },
      WorkStore::RequestCursor);
}

Result<Reply> Api::GetRequest(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "request"));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto request, conn->FindRequest(id));
  if (!request) return Status::NotFound("no request " + std::to_string(id));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, conn->RequestDeliveries(id));
  std::vector<RequestDelivery> deliveries;
  for (int64_t d : ids) {
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry e, conn->FindEntry(d));
    ZAPAS_ASSIGN_OR_RETURN(auto reversed, conn->FindEventFor(d, "reversal"));
    deliveries.push_back(RequestDelivery{d, e.number, e.date, reversed.has_value()});
  }
  JsonWriter w;
  WriteRequest(w, *request, &deliveries);
  return Reply{200, w.Take()};
}

Result<Reply> Api::CancelRequest(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "request"));
  ZAPAS_ASSIGN_OR_RETURN(CancelCommand command, DecodeCancel(id, c.request.body));
  return Write(c, CancelRequestWork(command));
}

Result<Reply> Api::NeedsReport(Call& c) {
  auto param = [&](const char* name) {
    auto it = c.request.query.find(name);
    return it == c.request.query.end() ? std::string() : it->second;
  };
  const std::string region = param("region"), kind = param("kind"), site = param("site");
  const std::string& path = c.request.path;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  if (path.find("/export/") != std::string::npos) {
    ZAPAS_ASSIGN_OR_RETURN(std::string csv,
                           store_.Read([&](const Catalog& catalog, const StockIndex& index) {
                             return NeedsHxl(*conn, catalog, index, region, kind);
                           }));
    return Reply{200, std::move(csv), "text/csv; charset=utf-8"};
  }
  ZAPAS_ASSIGN_OR_RETURN(NeedsBoard board,
                         store_.Read([&](const Catalog& catalog, const StockIndex& index) {
                           return ReadNeedsBoard(*conn, catalog, index, region, kind, site);
                         }));
  if (path.ends_with(".pdf")) {
    ZAPAS_ASSIGN_OR_RETURN(std::string pdf, NeedsPdf(board, Today(), documents_));
    return Reply{200, std::move(pdf), "application/pdf"};
  }
  return Reply{200, NeedsJson(board)};
}

Result<Reply> Api::GetReturn(Call& c) { return GetEntry(c, "return"); }

Result<Reply> Api::ListStocktakes(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(int64_t after, EntryCursor(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  // Newest first: ?after= is the last id seen, and the next page lies below it.
  ZAPAS_ASSIGN_OR_RETURN(auto rows,
                         zapas::ListStocktakes(*conn, after == 0 ? INT64_MAX : after, 1 << 20));
  std::erase_if(rows, [&](const auto& s) { return !c.who.MayUseWarehouse(s.warehouse); });
  if (rows.size() > static_cast<size_t>(limit) + 1) rows.resize(static_cast<size_t>(limit) + 1);
  return PageReply(
      std::move(rows), limit,
      [](JsonWriter& w, const WorkStore::StoredStocktake& s) {
        w.BeginObject();
        WriteStocktakeSummary(w, s);
        w.EndObject();
      },
      IdCursor<WorkStore::StoredStocktake>);
}

// The stocktake of the path, read within the caller's warehouses.
Result<int64_t> Api::StocktakeOfPath(Call& c, Repository& conn) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "stocktake"));
  ZAPAS_ASSIGN_OR_RETURN(auto s, conn.FindStocktake(id));
  if (!s) return Status::NotFound("no stocktake " + std::to_string(id));
  if (!c.who.MayUseWarehouse(s->warehouse)) {
    return Status::Forbidden("stocktake " + s->number + " is of warehouse " + s->warehouse +
                             ", which this user does not work in");
  }
  return id;
}

Result<Reply> Api::GetStocktake(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, StocktakeOfPath(c, *conn));
  ZAPAS_ASSIGN_OR_RETURN(std::string json,
                         store_.Read([&](const Catalog& catalog, const StockIndex& index) {
                           return StocktakeJson(*conn, catalog, index, id);
                         }));
  return Reply{200, std::move(json)};
}

Result<Reply> Api::StocktakeSheet(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, StocktakeOfPath(c, *conn));
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return CountSheetPdf(*conn, catalog, id, documents_);
                         }));
  return Reply{200, std::move(pdf), "application/pdf"};
}

Result<Reply> Api::RecordCounts(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "stocktake"));
  ZAPAS_ASSIGN_OR_RETURN(CountCommand command, DecodeCounts(id, c.request.body));
  return Write(c, RecordCountsWork(command));
}

Result<Reply> Api::CloseStocktake(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "stocktake"));
  return Write(c, CloseStocktakeWork(id));
}

}  // namespace zapas
