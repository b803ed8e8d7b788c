// Api: the HTTP interface of CONTRACT.md, independent of the HTTP server that
// carries it (so the CLI's demo loader and tests can call it in-process).
// Handle() never throws: every failure becomes an RFC 9457 problem+json reply.
// Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <type_traits>

#include "domain/json.h"
#include "domain/status.h"
#include "services/app/alerts.h"
#include "services/app/backups.h"
#include "services/app/documents.h"
#include "services/app/hub.h"
#include "services/app/json_input.h"
#include "services/app/requests.h"
#include "services/app/site_sync.h"
#include "services/app/store.h"
#include "services/app/users.h"
#include "services/auth.h"
#include "services/http/message.h"
#include "services/login_throttle.h"
#include "services/metrics.h"

namespace zapas {

struct ApiRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // "/api/v1/items", without the query
  std::map<std::string, std::string> query;
  std::string body;
  std::string authorization;     // the Authorization header
  std::string idempotency_key;   // the Idempotency-Key header
  std::string accept_language;   // the Accept-Language header
  std::string content_type;      // the Content-Type header ("" when absent)
  std::string content_encoding;  // the Content-Encoding header ("" when absent)
  std::string client_address;    // the peer's IP as text ("127.0.0.1", "::1"); "" in process
  bool forwarded = false;        // a proxy's (X-Forwarded-For or Forwarded): not the peer's own
};

// What the request log and the metrics learn of a call: its route (an index
// of the route table and its pattern; -1 and "" when none took it) and who
// made it ("" when no one signed in).
struct CallInfo {
  int route = -1;
  std::string_view pattern;
  std::string user;
  std::string_view role;
};

// The problem+json reply for a non-ok status.
Reply ProblemReply(const Status& status, const std::string& accept_language = "");
int HttpStatusOf(StatusCode code);

class Api {
 public:
  Api(Store& store, TokenStore& tokens, std::string version);
  void SetDocumentSettings(DocumentSettings settings) { documents_ = std::move(settings); }
  // The thresholds of GET /alerts (alerts.* in the configuration).
  void SetAlertSettings(const Config::Alerts& settings) {
    alerts_ = std::make_unique<AlertBoard>(settings);
  }
  AlertBoard& alerts() { return *alerts_; }
  // At an alliance's site: its synchronisation, which GET /sync/status shows
  // (a hub, or a server of no alliance, shows its registry of sites).
  void SetSiteSync(SiteSync* sync) { site_sync_ = sync; }
  // The schedule of backups (services/app/backups.h), which GET /health and
  // GET /metrics show; none when not set.
  void SetBackups(const BackupScheduler* backups) { backups_ = backups; }
  // metrics.enabled (GET /metrics answers; else 404) and metrics.loopback
  // (it answers loopback clients without a token).
  void SetMetricsSettings(bool enabled, bool loopback) {
    metrics_enabled_ = enabled;
    metrics_loopback_ = loopback;
  }
  // The counts of requests by route (recorded by the HTTP server).
  RequestMetrics& request_metrics() { return request_metrics_; }

  // Answers `request`; `info`, when given, learns its route and caller.
  Reply Handle(const ApiRequest& request, CallInfo* info = nullptr);

  // As Handle(), but acting as `who` without a token (used by the demo loader).
  Reply HandleAs(const Principal& who, const ApiRequest& request);

  // Whether `method path` takes a spreadsheet (CSV import), whose body may
  // run to http.max_import_bytes rather than http.max_body_bytes.
  static bool TakesSpreadsheet(const std::string& method, const std::string& path);

 private:
  struct Call {
    const ApiRequest& request;
    const Principal& who;
    std::vector<std::string> params;  // the {id} parts of the path
  };
  using Handler = Result<Reply> (Api::*)(Call&);
  struct Route;
  static constexpr size_t kRouteCount = 107;
  static const std::array<Route, kRouteCount>& Routes();
  // "METHOD pattern" of each route, in the table's order.
  static std::vector<std::string> RouteNames();

  Result<Reply> Dispatch(const ApiRequest& request, const Principal* who, CallInfo* info);
  // The route of `method path`, or nullptr; `params` receives its {} parts and
  // `path_matched` whether any route has that path (405 rather than 404).
  static const Route* FindRoute(const std::string& method, const std::string& path,
                                std::vector<std::string>* params, bool* path_matched);

  // The handlers: each decodes its request, calls services/app/, and encodes
  // the answer. Most POSTs are DecodeAndWrite (below) in the route table.
  // health and metrics (health_handlers.cc)
  Result<Reply> Health(Call& c);
  Result<Reply> Metrics(Call& c);
  // sessions and users (user_handlers.cc)
  Result<Reply> Login(Call& c);
  Result<Reply> Logout(Call& c);
  Result<Reply> ChangePassword(Call& c);
  Result<Reply> CreateUser(Call& c);
  Result<Reply> ChangeUser(Call& c);
  // items, recipients and reads of personal data (record_handlers.cc)
  Result<Reply> ListItems(Call& c);
  Result<Reply> ListRecipients(Call& c);
  Result<Reply> GetRecipient(Call& c);
  Result<Reply> ChangeItem(Call& c);
  Result<Reply> ListPersonalReads(Call& c);
  // movements (movement_handlers.cc)
  Result<Reply> PreviewDelivery(Call& c);  // POST /deliveries/preview: writes nothing
  Result<Reply> ConfirmDelivery(Call& c);
  Result<Reply> ReverseMovement(Call& c);
  Result<Reply> GetReceipt(Call& c);
  Result<Reply> GetDelivery(Call& c);
  Result<Reply> GetTransfer(Call& c);
  Result<Reply> ReceiveTransfer(Call& c);
  Result<Reply> IncomingTransfers(Call& c);
  Result<Reply> GetAdjustment(Call& c);
  Result<Reply> GetReversal(Call& c);
  Result<Reply> ListRequests(Call& c);
  Result<Reply> GetRequest(Call& c);
  Result<Reply> CancelRequest(Call& c);
  Result<Reply> NeedsReport(Call& c);  // JSON, HXL (/export/hxl/needs) or PDF (.pdf)
  Result<Reply> GetReturn(Call& c);
  // kits, reorder levels and alerts (kit_handlers.cc)
  Result<Reply> ListKits(Call& c);
  Result<Reply> GetKit(Call& c);
  Result<Reply> PreviewAssembly(Call& c);
  Result<Reply> GetAssembly(Call& c);
  Result<Reply> GetDisassembly(Call& c);
  Result<Reply> SetMinimum(Call& c);
  Result<Reply> Scan(Call& c);
  Result<Reply> StockLabels(Call& c);
  Result<Reply> ListMinimums(Call& c);
  Result<Reply> ListAlerts(Call& c);
  Result<Reply> ListStocktakes(Call& c);
  Result<Reply> GetStocktake(Call& c);
  Result<Reply> StocktakeSheet(Call& c);
  Result<Reply> RecordCounts(Call& c);
  Result<Reply> CloseStocktake(Call& c);
  Result<int64_t> StocktakeOfPath(Call& c, Repository& conn);
  // the journal and the stock (journal_handlers.cc, stock_handlers.cc)
  Result<Reply> ListJournal(Call& c);
  // the history of documents and the chain's state (history_handlers.cc)
  Result<Reply> ListDocuments(Call& c);
  Result<Reply> VerifyChain(Call& c);
  Result<Reply> ListDeliveries(Call& c);
  Result<Reply> VerifyDocument(Call& c);
  Result<Reply> GetStock(Call& c);
  // documents and reports (report_handlers.cc)
  Result<Reply> DeliveryWaybill(Call& c);
  Result<Reply> ReceiptGrn(Call& c);
  Result<Reply> DonorReport(Call& c);
  Result<Reply> AuditReport(Call& c);
  Result<Reply> ReconciliationReport(Call& c);
  // files in and out (file_handlers.cc)
  Result<Reply> ImportFile(Call& c);
  Result<Reply> ExportJournal(Call& c);
  Result<Reply> ExportItems(Call& c);
  Result<Reply> ExportHxl(Call& c);
  Result<Reply> ExportIati(Call& c);
  // closed periods and bank statements (period_handlers.cc)
  Result<Reply> ClosePeriod(Call& c);
  Result<Reply> ReopenPeriod(Call& c);
  Result<Reply> ListPeriods(Call& c);
  Result<Reply> RecordStatement(Call& c);
  Result<Reply> ListStatements(Call& c);
  // rates (rate_handlers.cc)
  Result<Reply> ImportRates(Call& c);
  Result<Reply> ReplaceRate(Call& c);
  Result<Reply> GetRates(Call& c);
  Result<Reply> ListCurrencies(Call& c);
  // sites and the alliance hub (site_handlers.cc)
  Result<Reply> NewSiteToken(Call& c);
  Result<Reply> RevokeSiteToken(Call& c);
  Result<Reply> SyncJournal(Call& c);  // a site's token, not a user's
  Result<Reply> SyncChanges(Call& c);  // a site's token
  Result<Reply> SyncEntries(Call& c);  // a site's token
  Result<Reply> SyncStatus(Call& c);
  Result<Reply> SyncNow(Call& c);  // at a site: sync at once
  Result<SiteRecord> SiteOfSync(Call& c);
  // What a site pulls (hub.h), after ?after= and at most ?limit=.
  using SiteFeedReader = Result<std::string> (*)(Repository&, const Catalog&, const std::string&,
                                                 int64_t, int);
  Result<Reply> SiteFeed(Call& c, SiteFeedReader feed);

  // Records that `who` read the personal data of `recipients` now; every
  // read of personal data is logged before the data leaves the server.
  Status LogPersonalReads(const Principal& who, const std::vector<int32_t>& recipients);

  // Runs a write through the store with the request's idempotency key.
  Result<Reply> Write(Call& c, WriteWork work);
  // The handler of a POST that is one write: the body decoded by `Decode`
  // (a Decode* of services/app/requests.h, or a Read* of one JSON object),
  // and the write job `Work` makes of it.
  template <auto Decode, auto Work>
  Result<Reply> DecodeAndWrite(Call& c) {
    if constexpr (std::is_invocable_v<decltype(Decode), const std::string&>) {
      ZAPAS_ASSIGN_OR_RETURN(auto request, Decode(c.request.body));
      return Write(c, Work(request));
    } else {
      ZAPAS_ASSIGN_OR_RETURN(auto request, DecodeJson(c.request.body, Decode));
      return Write(c, Work(request));
    }
  }
  // The handler of a list of records a page at a time (ListPage): the rows
  // of the repository's `List`, each as `Render` writes it.
  template <typename T, auto List, auto Render>
  Result<Reply> ListOf(Call& c) {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    return ListPage<T>(
        c.request.query, [&](const PageRequest& p) { return ((*conn).*List)(p); }, Render);
  }
  Result<Reply> GetEntry(Call& c, const char* kind);
  // kForbidden when the caller is limited to warehouses none of which the
  // journal entry `id` touches (services/app/scope.h).
  Status CheckEntryInScope(Call& c, Repository& conn, int64_t id);
  Result<Reply> ListWarehouses(Call& c);

  // The caller a token stands for as the users are now: role, donor and
  // warehouses as stored, so that a change takes effect on the user's next
  // request. kUnauthenticated when the user is disabled or unknown, or has
  // changed their password since the token was issued. The users are read
  // at most once a second (`zapas user disable` on the command line stops a
  // user's tokens within a second), and at once for a name or a session
  // epoch this server does not know yet, or after ForgetUsers().
  Result<Principal> CurrentUser(const Principal& holder);
  void ForgetUsers();

  Store& store_;
  TokenStore& tokens_;
  LoginThrottle throttle_;
  std::mutex users_mu_;
  std::map<std::string, User> users_;  // without their password hashes
  std::chrono::steady_clock::time_point users_loaded_;
  std::string version_;
  DocumentSettings documents_;
  std::unique_ptr<AlertBoard> alerts_ = std::make_unique<AlertBoard>(Config::Alerts{});
  SiteSync* site_sync_ = nullptr;
  const BackupScheduler* backups_ = nullptr;
  bool metrics_enabled_ = true;
  bool metrics_loopback_ = false;
  RequestMetrics request_metrics_{RouteNames()};
};

// The journal id a path names ("42"; "0042" is 42), or kNotFound "no <noun>
// <text>" for anything else.
Result<int64_t> PathId(const std::string& text, const char* noun);
// The token of an `Authorization: Bearer <token>` header ("" when none).
std::string BearerToken(const std::string& authorization);
// Reads ?limit= (1..1000, default 100); kInvalid otherwise.
Result<int> PageLimit(const std::map<std::string, std::string>& query);
// Reads ?after= of a list ordered by journal id (0 when absent); kInvalid
// (field "after") for anything but an id.
Result<int64_t> EntryCursor(const std::map<std::string, std::string>& query);

// {"items": [each row as `render` writes it], "next": `cursor` of the last
// row when another page follows, else null}, of `rows` read one beyond
// `limit` (that one, when there, says another page follows).
template <typename T, typename Render, typename Cursor>
Reply PageReply(std::vector<T> rows, int limit, Render render, Cursor cursor) {
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.resize(static_cast<size_t>(limit));
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const T& row : rows) render(w, row);
  w.EndArray().Key("next");
  if (more) {
    w.String(cursor(rows.back()));
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply{200, w.Take()};
}
// The cursor of a list ordered by journal id: the id.
template <typename T>
std::string IdCursor(const T& row) {
  return std::to_string(row.id);
}

// A page of rows ordered by code (?limit=, ?after=): {"items": [...], "next":
// the last code when another page follows, else null}.
template <typename T, typename Fetch, typename Render>
Result<Reply> ListPage(const std::map<std::string, std::string>& query, Fetch fetch,
                       Render render) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(query));
  PageRequest page;
  page.limit = limit + 1;  // one more tells whether another page follows
  if (auto it = query.find("after"); it != query.end()) page.after = it->second;
  ZAPAS_ASSIGN_OR_RETURN(std::vector<T> rows, fetch(page));
  return PageReply(std::move(rows), limit, render, [](const T& row) { return CodeOf(row); });
}

}  // namespace zapas
