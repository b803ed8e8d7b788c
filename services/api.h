// Api: the HTTP interface of CONTRACT.md, independent of the HTTP server that
// carries it (so the CLI's demo loader and tests can call it in-process).
// Handle() never throws: every failure becomes an RFC 9457 problem+json reply.
// Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "domain/json.h"
#include "domain/status.h"
#include "services/app/store.h"
#include "services/auth.h"
#include "services/documents.h"
#include "services/json_input.h"
#include "services/login_throttle.h"

namespace zapas {

struct ApiRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // "/api/v1/items", without the query
  std::map<std::string, std::string> query;
  std::string body;
  std::string authorization;    // the Authorization header
  std::string idempotency_key;  // the Idempotency-Key header
  std::string accept_language;  // the Accept-Language header
  std::string content_type;     // the Content-Type header ("" when absent)
  std::string client_address;   // the peer's IP as text ("127.0.0.1", "::1"); "" in process
};

// The problem+json reply for a non-ok status.
Reply ProblemReply(const Status& status, const std::string& accept_language = "");
int HttpStatusOf(StatusCode code);

class Api {
 public:
  Api(Store& store, TokenStore& tokens, std::string version);
  void SetDocumentSettings(DocumentSettings settings) { documents_ = std::move(settings); }
  Reply Handle(const ApiRequest& request);

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

  Result<Reply> Dispatch(const ApiRequest& request, const Principal* who);
  // The route of `method path`, or nullptr; `params` receives its {} parts and
  // `path_matched` whether any route has that path (405 rather than 404).
  static const Route* FindRoute(const std::string& method, const std::string& path,
                                std::vector<std::string>* params, bool* path_matched);

  // health and sessions
  Result<Reply> Health(Call& c);
  Result<Reply> Login(Call& c);
  Result<Reply> Logout(Call& c);
  // master data (master_data.cc)
  Result<Reply> CreateItem(Call& c);
  Result<Reply> ListItems(Call& c);
  Result<Reply> CreateWarehouse(Call& c);
  Result<Reply> ListWarehouses(Call& c);
  Result<Reply> CreateDonor(Call& c);
  Result<Reply> ListDonors(Call& c);
  Result<Reply> CreateRecipient(Call& c);
  Result<Reply> ListRecipients(Call& c);
  Result<Reply> ListPersonalReads(Call& c);
  // movements (movements.cc)
  Result<Reply> CreateReceipt(Call& c);
  Result<Reply> CreateTransfer(Call& c);
  Result<Reply> CreateDelivery(Call& c);
  Result<Reply> PreviewDelivery(Call& c);  // POST /deliveries/preview: writes nothing
  Result<Reply> ConfirmDelivery(Call& c);
  Result<Reply> CreateAdjustment(Call& c);
  Result<Reply> ReverseMovement(Call& c);
  Result<Reply> GetReceipt(Call& c);
  Result<Reply> GetDelivery(Call& c);
  Result<Reply> ListDeliveries(Call& c);  // journal.cc
  Result<Reply> GetTransfer(Call& c);
  Result<Reply> GetAdjustment(Call& c);
  Result<Reply> GetStock(Call& c);
  Result<Reply> GetReversal(Call& c);
  // the journal (journal.cc)
  Result<Reply> ListJournal(Call& c);
  Result<Reply> VerifyDocument(Call& c);
  // documents (documents.cc)
  Result<Reply> DeliveryWaybill(Call& c);
  Result<Reply> ReceiptGrn(Call& c);
  Result<Reply> DonorReport(Call& c);
  Result<Reply> AuditReport(Call& c);
  // cash book (money.cc)
  Result<Reply> CreateAccount(Call& c);
  Result<Reply> ListAccounts(Call& c);
  Result<Reply> CashDonation(Call& c);
  Result<Reply> CashPayment(Call& c);
  Result<Reply> CashTransfer(Call& c);
  Result<Reply> CashExchange(Call& c);
  Result<Reply> BankFee(Call& c);
  // reports and exports (reports.cc, export.cc)
  Result<Reply> ReconciliationReport(Call& c);
  Result<Reply> ExportJournal(Call& c);
  // CSV import and the donor-facing exports (import.cc, standards_export.cc)
  Result<Reply> ImportFile(Call& c);
  Result<Reply> ExportItems(Call& c);
  Result<Reply> ExportHxl(Call& c);
  Result<Reply> ExportIati(Call& c);
  // closed periods and bank statements (periods.cc)
  Result<Reply> ClosePeriod(Call& c);
  Result<Reply> ReopenPeriod(Call& c);
  Result<Reply> ListPeriods(Call& c);
  Result<Reply> RecordStatement(Call& c);
  Result<Reply> ListStatements(Call& c);
  // rates (rates.cc)
  Result<Reply> ImportRates(Call& c);
  Result<Reply> ReplaceRate(Call& c);
  Result<Reply> GetRates(Call& c);
  Result<Reply> ListCurrencies(Call& c);

  // Records that `who` read the personal data of `recipients` now; every
  // read of personal data is logged before the data leaves the server.
  Status LogPersonalReads(const Principal& who, const std::vector<int32_t>& recipients);

  // Runs a write through the store with the request's idempotency key.
  Result<Reply> Write(Call& c, WriteWork work);
  Result<Reply> GetEntry(Call& c, const char* kind);

  // Whether `username` has been disabled (checked against the database at most
  // once a second).
  Result<bool> IsDisabled(const std::string& username);

  Store& store_;
  TokenStore& tokens_;
  LoginThrottle throttle_;
  std::mutex disabled_mu_;
  std::set<std::string> disabled_;
  std::chrono::steady_clock::time_point disabled_loaded_;
  std::string version_;
  DocumentSettings documents_;
};

// kInvalid naming `field` when `date` is after `latest` (today +
// writes.max_days_ahead): no write may be dated later.
Status CheckNotTooFarAhead(Date latest, Date date, const std::string& field = "date");
// Every write job of an operation with a date calls it: kInvalid naming
// `field` when `date` is after `latest` (today + writes.max_days_ahead),
// kConflict naming it when `date` falls in a closed period.
Status CheckDateWritable(Repository& repo, Date latest, Date date,
                         const std::string& field = "date");
Status CheckDateWritable(WriteContext& ctx, Date date, const std::string& field = "date");

// Reads ?limit= (1..1000, default 100); kInvalid otherwise.
Result<int> PageLimit(const std::map<std::string, std::string>& query);
// Reads ?after= of a list ordered by journal id (0 when absent); kInvalid
// (field "after") for anything but an id.
Result<int64_t> EntryCursor(const std::map<std::string, std::string>& query);

}  // namespace zapas
