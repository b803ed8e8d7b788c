// The statements both databases share for requests, the needs board and
// stocktakes (Repository's WorkStore).
#include <algorithm>

#include "persistence/sql_repository.h"

namespace zapas {

using StoredRequest = WorkStore::StoredRequest;
using StoredStocktake = WorkStore::StoredStocktake;
using StocktakeLot = WorkStore::StocktakeLot;

namespace {

constexpr const char* kNoDate = "9999-12-31";

Date DateOr(const std::string& text) {
  auto d = Date::Parse(text);
  return d.ok() ? *d : Date::FromDays(0);
}

// The columns of a request (r) with one of its lines (l) and their codes.
constexpr const char* kRequestColumns =
    "r.id, r.number, c.code, r.date, r.needed_by, r.priority, r.reference, r.status, "
    "i.sku, l.requested, l.delivered, l.cancelled, l.note";

// Adds a row of kRequestColumns to `out`: to its last request when it is the
// same one, else as a new one.
void AddRequestRow(std::vector<StoredRequest>& out, const SqlRow& r) {
  if (out.empty() || out.back().id != r.Int(0)) {
    StoredRequest q;
    q.id = r.Int(0);
    q.number = r.Text(1);
    q.recipient = r.Text(2);
    q.date = DateOr(r.Text(3));
    if (r.Text(4) != kNoDate) q.needed_by = DateOr(r.Text(4));
    q.priority = static_cast<RequestPriority>(std::clamp<int64_t>(r.Int(5), 0, 2));
    q.reference = r.Text(6);
    q.status = ParseRequestStatus(r.Text(7)).value_or(RequestStatus::kOpen);
    out.push_back(std::move(q));
  }
  out.back().lines.push_back(RequestLine{r.Text(8), r.Int(9), r.Int(10), r.Int(11), r.Text(12)});
}

}  // namespace

std::string WorkStore::RequestCursor(const StoredRequest& r) {
  return std::to_string(static_cast<int>(r.priority)) + "|" +
         (r.needed_by ? r.needed_by->ToString() : kNoDate) + "|" + std::to_string(r.id);
}

Status SqlRepository::InsertRequest(const StoredRequest& q) {
  ZAPAS_RETURN_IF_ERROR(
      Query("INSERT INTO requests (id, number, recipient_id, date, needed_by, priority, "
            "reference, status) VALUES ($1, $2, (SELECT id FROM recipients WHERE code = $3), $4, "
            "$5, $6, $7, $8)",
            SqlParams()
                .Int(q.id)
                .Text(q.number)
                .Text(q.recipient)
                .Text(q.date.ToString())
                .Text(q.needed_by ? q.needed_by->ToString() : kNoDate)
                .Int(static_cast<int>(q.priority))
                .Text(q.reference)
                .Text(std::string(RequestStatusName(q.status))),
            nullptr, "request " + q.number)
          .status());
  for (size_t i = 0; i < q.lines.size(); ++i) {
    const RequestLine& l = q.lines[i];
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO request_lines (request_id, line, item_id, requested, delivered, "
              "cancelled, note) VALUES ($1, $2, (SELECT id FROM items WHERE sku = $3), $4, $5, "
              "$6, $7)",
              SqlParams()
                  .Int(q.id)
                  .Int(static_cast<int64_t>(i + 1))
                  .Text(l.sku)
                  .Int(l.requested)
                  .Int(l.delivered)
                  .Int(l.cancelled)
                  .Text(l.note),
              nullptr, "request " + q.number)
            .status());
  }
  return Status::Ok();
}

Result<std::optional<StoredRequest>> SqlRepository::FindRequest(int64_t id) {
  std::vector<StoredRequest> found;
  ZAPAS_RETURN_IF_ERROR(Query(
                            std::string("SELECT ") + kRequestColumns +
                                " FROM requests r JOIN recipients c ON c.id = r.recipient_id "
                                "JOIN request_lines l ON l.request_id = r.id "
                                "JOIN items i ON i.id = l.item_id WHERE r.id = $1 ORDER BY l.line",
                            SqlParams().Int(id), [&](const SqlRow& r) { AddRequestRow(found, r); },
                            "reading a request")
                            .status());
  if (found.empty()) return std::optional<StoredRequest>();
  return std::optional<StoredRequest>(std::move(found.front()));
}

Status SqlRepository::UpdateRequest(const StoredRequest& q) {
  ZAPAS_RETURN_IF_ERROR(Query("UPDATE requests SET status = $2 WHERE id = $1",
                              SqlParams().Int(q.id).Text(std::string(RequestStatusName(q.status))),
                              nullptr, "request " + q.number)
                            .status());
  for (size_t i = 0; i < q.lines.size(); ++i) {
    const RequestLine& l = q.lines[i];
    ZAPAS_RETURN_IF_ERROR(Query("UPDATE request_lines SET delivered = $3, cancelled = $4 "
                                "WHERE request_id = $1 AND line = $2",
                                SqlParams()
                                    .Int(q.id)
                                    .Int(static_cast<int64_t>(i + 1))
                                    .Int(l.delivered)
                                    .Int(l.cancelled),
                                nullptr, "request " + q.number)
                              .status());
  }
  return Status::Ok();
}

Result<std::vector<StoredRequest>> SqlRepository::ListRequests(const RequestQuery& q) {
  SqlParams p;
  std::string where = "1 = 1";
  if (!q.statuses.empty()) {
    std::string in;
    for (RequestStatus s : q.statuses) {
      p.Text(std::string(RequestStatusName(s)));
      in += (in.empty() ? "$" : ", $") + std::to_string(p.size());
    }
    where += " AND r.status IN (" + in + ")";
  }
  if (!q.recipient.empty()) {
    p.Text(q.recipient);
    where += " AND r.recipient_id = (SELECT id FROM recipients WHERE code = $" +
             std::to_string(p.size()) + ")";
  }
  if (q.priority) {
    p.Int(static_cast<int>(*q.priority));
    where += " AND r.priority = $" + std::to_string(p.size());
  }
  if (!q.after.empty()) {
    // "priority|needed_by|id", as RequestCursor writes it.
    const size_t a = q.after.find('|'), b = q.after.rfind('|');
    if (a == std::string::npos || a == b)
      return Status::Field("after", "is not a cursor of this list");
    const std::string priority = q.after.substr(0, a), needed = q.after.substr(a + 1, b - a - 1),
                      id = q.after.substr(b + 1);
    if (priority.size() != 1 || priority[0] < '0' || priority[0] > '2' || id.empty() ||
        id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos ||
        !Date::Parse(needed).ok()) {
      return Status::Field("after", "is not a cursor of this list");
    }
    p.Int(priority[0] - '0').Text(needed).Int(std::stoll(id));
    const std::string n = std::to_string(p.size());
    where += " AND (r.priority, r.needed_by, r.id) > ($" + std::to_string(p.size() - 2) + ", $" +
             std::to_string(p.size() - 1) + ", $" + n + ")";
  }
  p.Int(q.limit);
  const std::string sql =
      std::string("SELECT ") + kRequestColumns + " FROM (SELECT * FROM requests r WHERE " + where +
      " ORDER BY r.priority, r.needed_by, r.id LIMIT $" + std::to_string(p.size()) +
      ") r JOIN recipients c ON c.id = r.recipient_id JOIN request_lines l ON l.request_id = r.id "
      "JOIN items i ON i.id = l.item_id ORDER BY r.priority, r.needed_by, r.id, l.line";
  std::vector<StoredRequest> out;
  ZAPAS_RETURN_IF_ERROR(
      Query(
          sql, p, [&](const SqlRow& r) { AddRequestRow(out, r); }, "listing requests")
          .status());
  return out;
}

Status SqlRepository::AddRequestDelivery(int64_t request_id, int64_t delivery_id) {
  return Query("INSERT INTO request_deliveries (request_id, delivery_id) VALUES ($1, $2)",
               SqlParams().Int(request_id).Int(delivery_id), nullptr, "a request's delivery")
      .status();
}

Result<std::vector<int64_t>> SqlRepository::RequestDeliveries(int64_t request_id) {
  return Rows<int64_t>(
      "SELECT delivery_id FROM request_deliveries WHERE request_id = $1 ORDER BY delivery_id",
      SqlParams().Int(request_id), [](const SqlRow& r) { return r.Int(0); },
      "reading a request's deliveries");
}

Status SqlRepository::AddNeeds(const NeedRow& d) {
  // The row's key ($1-$3) and what it adds ($4-$6): to the row, or as a new one.
  const SqlParams p = SqlParams()
                          .Text(d.sku)
                          .Text(d.region)
                          .Text(d.kind)
                          .Int(d.requested)
                          .Int(d.delivered)
                          .Int(d.cancelled);
  ZAPAS_ASSIGN_OR_RETURN(
      int64_t rows,
      Query("UPDATE needs SET requested = requested + $4, delivered = delivered + $5, "
            "cancelled = cancelled + $6 WHERE item_id = (SELECT id FROM items WHERE sku = $1) "
            "AND region = $2 AND kind = $3",
            p, nullptr, "the needs board"));
  if (rows != 1) {
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO needs (item_id, region, kind, requested, delivered, cancelled) "
              "VALUES ((SELECT id FROM items WHERE sku = $1), $2, $3, $4, $5, $6)",
              p, nullptr, "the needs board")
            .status());
  }
  const SqlParams total =
      SqlParams().Text(d.sku).Int(d.requested).Int(d.delivered).Int(d.cancelled);
  ZAPAS_ASSIGN_OR_RETURN(
      rows, Query("UPDATE need_totals SET requested = requested + $2, delivered = delivered + "
                  "$3, cancelled = cancelled + $4 WHERE item_id = (SELECT id FROM items WHERE "
                  "sku = $1)",
                  total, nullptr, "the needs board"));
  if (rows == 1) return Status::Ok();
  return Query(
             "INSERT INTO need_totals (item_id, requested, delivered, cancelled) "
             "VALUES ((SELECT id FROM items WHERE sku = $1), $2, $3, $4)",
             total, nullptr, "the needs board")
      .status();
}

Result<std::vector<WorkStore::NeedRow>> SqlRepository::NeedTotals(const std::string& region,
                                                                  const std::string& kind) {
  auto read = [](const SqlRow& r) {
    return NeedRow{r.Text(0), "", "", r.Int(1), r.Int(2), r.Int(3)};
  };
  const std::string order = std::string(" ORDER BY i.sku") + dialect_.bytewise;
  if (region.empty() && kind.empty()) {
    return Rows<NeedRow>(
        "SELECT i.sku, t.requested, t.delivered, t.cancelled FROM need_totals t "
        "JOIN items i ON i.id = t.item_id" +
            order,
        SqlParams(), read, "reading the needs board");
  }
  SqlParams p;
  std::string where;
  for (const auto& [column, value] : {std::pair{"region", &region}, {"kind", &kind}}) {
    if (value->empty()) continue;
    p.Text(*value);
    where += std::string(where.empty() ? " WHERE " : " AND ") + "n." + column + " = $" +
             std::to_string(p.size());
  }
  // Summed per item id along an index (needs_by_place, needs_by_kind), then named.
  return Rows<NeedRow>(
      "SELECT i.sku, s.requested, s.delivered, s.cancelled FROM (SELECT n.item_id, "
      "SUM(n.requested) AS requested, SUM(n.delivered) AS delivered, SUM(n.cancelled) AS "
      "cancelled FROM needs n" +
          where + " GROUP BY n.item_id) s JOIN items i ON i.id = s.item_id" + order,
      p, read, "reading the needs board");
}

Result<std::vector<WorkStore::NeedRow>> SqlRepository::SiteNeedTotals(const std::string& site,
                                                                      const std::string& region,
                                                                      const std::string& kind) {
  // From the requests' own lines: the needs table does not keep sites apart.
  SqlParams p;
  p.Text(site);
  std::string where = " WHERE j.site = $1";
  for (const auto& [column, value] : {std::pair{"region", &region}, {"kind", &kind}}) {
    if (value->empty()) continue;
    p.Text(*value);
    where += std::string(" AND rc.") + column + " = $" + std::to_string(p.size());
  }
  return Rows<NeedRow>(
      "SELECT i.sku, SUM(l.requested), SUM(l.delivered), SUM(l.cancelled) FROM request_lines l "
      "JOIN requests r ON r.id = l.request_id JOIN journal j ON j.id = r.id "
      "JOIN recipients rc ON rc.id = r.recipient_id JOIN items i ON i.id = l.item_id" +
          where + " GROUP BY i.sku ORDER BY i.sku" + dialect_.bytewise,
      p, [](const SqlRow& r) { return NeedRow{r.Text(0), "", "", r.Int(1), r.Int(2), r.Int(3)}; },
      "reading the needs board");
}

Result<std::vector<WorkStore::NeedRow>> SqlRepository::Needs() {
  return Rows<NeedRow>(
      std::string("SELECT i.sku, n.region, n.kind, n.requested, n.delivered, n.cancelled "
                  "FROM needs n JOIN items i ON i.id = n.item_id ORDER BY i.sku") +
          dialect_.bytewise + ", n.region" + dialect_.bytewise + ", n.kind",
      SqlParams(),
      [](const SqlRow& r) {
        return NeedRow{r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5)};
      },
      "reading the needs board");
}

// --- Stocktakes ------------------------------------------------------------------

Status SqlRepository::InsertStocktake(const StoredStocktake& s,
                                      const std::vector<StocktakeLot>& lots) {
  ZAPAS_RETURN_IF_ERROR(
      Query("INSERT INTO stocktakes (id, number, warehouse_id, date, blind) "
            "VALUES ($1, $2, (SELECT id FROM warehouses WHERE code = $3), $4, $5)",
            SqlParams()
                .Int(s.id)
                .Text(s.number)
                .Text(s.warehouse)
                .Text(s.date.ToString())
                .Int(s.blind ? 1 : 0),
            nullptr, "stocktake " + s.number)
          .status());
  for (const StocktakeLot& l : lots) {
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO stocktake_lots (stocktake_id, lot_id, expected, counted, on_sheet) "
              "VALUES ($1, $2, $3, NULL, $4)",
              SqlParams().Int(s.id).Int(l.lot_id).Int(l.expected).Int(l.on_sheet ? 1 : 0), nullptr,
              "stocktake " + s.number)
            .status());
  }
  return Status::Ok();
}

namespace {

constexpr const char* kStocktakeColumns =
    "s.id, s.number, w.code, s.date, s.blind, s.closed, s.adjustment_id";

StoredStocktake StocktakeFrom(const SqlRow& r) {
  return StoredStocktake{r.Int(0),
                         r.Text(1),
                         r.Text(2),
                         DateOr(r.Text(3)),
                         r.Int(4) != 0,
                         r.Int(5) != 0,
                         r.IsNull(6) ? 0 : r.Int(6)};
}

}  // namespace

Result<std::optional<StoredStocktake>> SqlRepository::FindStocktake(int64_t id) {
  return First<StoredStocktake>(std::string("SELECT ") + kStocktakeColumns +
                                    " FROM stocktakes s JOIN warehouses w ON w.id = s.warehouse_id "
                                    "WHERE s.id = $1",
                                SqlParams().Int(id), StocktakeFrom, "reading a stocktake");
}

Result<std::vector<StocktakeLot>> SqlRepository::StocktakeLots(int64_t id) {
  return Rows<StocktakeLot>(
      "SELECT lot_id, expected, counted, on_sheet FROM stocktake_lots WHERE stocktake_id = $1 "
      "ORDER BY lot_id",
      SqlParams().Int(id),
      [](const SqlRow& r) {
        StocktakeLot l{static_cast<int32_t>(r.Int(0)), r.Int(1), std::nullopt, r.Int(3) != 0};
        if (!r.IsNull(2)) l.counted = r.Int(2);
        return l;
      },
      "reading a stocktake's lots");
}

Status SqlRepository::RecordCounts(int64_t id, const std::vector<StocktakeLot>& lots) {
  for (const StocktakeLot& l : lots) {
    const int64_t counted = l.counted.value_or(0);
    ZAPAS_ASSIGN_OR_RETURN(
        int64_t rows,
        Query("UPDATE stocktake_lots SET counted = $3 WHERE stocktake_id = $1 AND "
              "lot_id = $2",
              SqlParams().Int(id).Int(l.lot_id).Int(counted), nullptr, "a stocktake's count"));
    if (rows == 1) continue;
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO stocktake_lots (stocktake_id, lot_id, expected, counted, on_sheet) "
              "VALUES ($1, $2, $3, $4, 0)",
              SqlParams().Int(id).Int(l.lot_id).Int(l.expected).Int(counted), nullptr,
              "a stocktake's count")
            .status());
  }
  return Status::Ok();
}

Status SqlRepository::CloseStocktake(int64_t id, int64_t adjustment_id) {
  return Query("UPDATE stocktakes SET closed = 1, adjustment_id = $2 WHERE id = $1",
               SqlParams().Int(id).IntOrNull(adjustment_id), nullptr, "closing a stocktake")
      .status();
}

Result<std::vector<StoredStocktake>> SqlRepository::ListStocktakes(int64_t before, int limit) {
  return Rows<StoredStocktake>(std::string("SELECT ") + kStocktakeColumns +
                                   " FROM stocktakes s JOIN warehouses w ON w.id = s.warehouse_id "
                                   "WHERE s.id < $1 ORDER BY s.id DESC LIMIT $2",
                               SqlParams().Int(before).Int(limit), StocktakeFrom,
                               "listing stocktakes");
}

}  // namespace zapas
