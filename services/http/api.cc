#include "services/http/api.h"

#include <array>
#include <cctype>
#include <initializer_list>

#include "services/app/aid_requests.h"
#include "services/app/kits.h"
#include "services/app/stocktakes.h"
#include "services/log.h"
#include "services/user_names.h"

namespace zapas {
namespace {

constexpr unsigned Bit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr unsigned kPublic = 0;  // no token needed
constexpr unsigned kAdmin = Bit(Role::kAdmin);
// Every logged-in user, whatever the role.
constexpr unsigned kAnyone = Bit(Role::kAdmin) | Bit(Role::kWarehouse) | Bit(Role::kTreasurer) |
                             Bit(Role::kAuditor) | Bit(Role::kDonor);
constexpr unsigned kStaff = Bit(Role::kAdmin) | Bit(Role::kWarehouse);
// Master data and stock.
constexpr unsigned kReaders =
    Bit(Role::kAdmin) | Bit(Role::kWarehouse) | Bit(Role::kTreasurer) | Bit(Role::kAuditor);
// Money: the treasurer (and the admin).
constexpr unsigned kTreasury = Bit(Role::kAdmin) | Bit(Role::kTreasurer);
// Movement documents: the staff who make them and the auditor who checks them.
constexpr unsigned kDocumentReaders = kStaff | Bit(Role::kAuditor);

struct Title {
  const char* en;
  const char* uk;
};

Title TitleOf(StatusCode code) {
  switch (code) {
    case StatusCode::kMalformed:
      return {"Malformed request", "Некоректний запит"};
    case StatusCode::kUnauthenticated:
      return {"Not authenticated", "Потрібна автентифікація"};
    case StatusCode::kForbidden:
      return {"Forbidden", "Доступ заборонено"};
    case StatusCode::kNotFound:
      return {"Not found", "Не знайдено"};
    case StatusCode::kMethodNotAllowed:
      return {"Method not allowed", "Метод не дозволено"};
    case StatusCode::kConflict:
      return {"Conflict", "Конфлікт"};
    case StatusCode::kTooLarge:
      return {"Request too large", "Запит завеликий"};
    case StatusCode::kUnsupportedMediaType:
      return {"Unsupported media type", "Непідтримуваний тип даних"};
    case StatusCode::kInvalid:
    case StatusCode::kOutOfRange:
      return {"Invalid request", "Недійсні дані"};
    case StatusCode::kThrottled:
      return {"Too many attempts", "Забагато спроб"};
    case StatusCode::kUnavailable:
      return {"Service unavailable", "Сервіс недоступний"};
    case StatusCode::kInternal:
      return {"Internal error", "Внутрішня помилка"};
    case StatusCode::kOk:
      break;
  }
  return {"Error", "Помилка"};
}

const char* TypeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kMalformed:
      return "urn:zapas:problem:malformed";
    case StatusCode::kUnauthenticated:
      return "urn:zapas:problem:unauthenticated";
    case StatusCode::kForbidden:
      return "urn:zapas:problem:forbidden";
    case StatusCode::kNotFound:
      return "urn:zapas:problem:not-found";
    case StatusCode::kMethodNotAllowed:
      return "urn:zapas:problem:method-not-allowed";
    case StatusCode::kConflict:
      return "urn:zapas:problem:conflict";
    case StatusCode::kTooLarge:
      return "urn:zapas:problem:too-large";
    case StatusCode::kUnsupportedMediaType:
      return "urn:zapas:problem:unsupported-media-type";
    case StatusCode::kInvalid:
    case StatusCode::kOutOfRange:
      return "urn:zapas:problem:invalid";
    case StatusCode::kThrottled:
      return "urn:zapas:problem:throttled";
    case StatusCode::kUnavailable:
      return "urn:zapas:problem:unavailable";
    default:
      return "urn:zapas:problem:internal";
  }
}

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The formats a route reads its body in.
enum class BodyFormat { kJson, kJsonOrXml, kCsv };

// Request bodies are JSON, NBU rate files also JSON or XML, and imports CSV.
// A JSON body must say so (application/json or application/*+json): any other
// label, or none, is refused, so that no web page of another site can send
// one with a plain HTML form (those send application/x-www-form-urlencoded,
// multipart/form-data or text/plain). A spreadsheet may come labelled as CSV,
// as plain text, or unlabelled, as `curl --data-binary` sends it.
Status CheckContentType(const std::string& content_type, BodyFormat format) {
  std::string media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.erase(0, 1);
  for (char& ch : media) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (format == BodyFormat::kCsv) {
    if (media.empty() || media == "application/x-www-form-urlencoded" || media == "text/csv" ||
        media == "application/csv" || media == "text/plain") {
      return Status::Ok();
    }
    return Status(StatusCode::kUnsupportedMediaType,
                  "the request body must be CSV (Content-Type: text/csv), not " + media);
  }
  const bool json =
      media == "application/json" || (media.rfind("application/", 0) == 0 && media.size() > 5 &&
                                      media.compare(media.size() - 5, 5, "+json") == 0);
  const bool xml = media == "application/xml" || media == "text/xml";
  if (json || (xml && format == BodyFormat::kJsonOrXml)) return Status::Ok();
  const std::string wanted = format == BodyFormat::kJsonOrXml
                                 ? "JSON or XML (Content-Type: application/json or application/xml)"
                                 : "JSON (Content-Type: application/json)";
  return Status(StatusCode::kUnsupportedMediaType,
                "the request body must be " + wanted + ", not " +
                    (media.empty() ? std::string("a body without a Content-Type") : media));
}

// What makes two requests "the same" for an Idempotency-Key.
std::string RequestHash(const ApiRequest& r) {
  return Sha256Hex(r.method + " " + r.path + "\n" + r.body);
}

}  // namespace

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kMalformed:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kForbidden:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kMethodNotAllowed:
      return 405;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kTooLarge:
      return 413;
    case StatusCode::kUnsupportedMediaType:
      return 415;
    case StatusCode::kInvalid:
    case StatusCode::kOutOfRange:
      return 422;
    case StatusCode::kThrottled:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

// What a client is told of a failure it cannot fix by changing its request:
// what it can do, never the internal message (that goes to the server's log).
const char* WhatToDo(StatusCode code, bool ukrainian) {
  if (code == StatusCode::kUnavailable) {
    return ukrainian ? "Базу даних зараз не вдалося прочитати або записати (сховище несправне, "
                       "переповнене або лише для читання). Нічого не збережено. Спробуйте ще раз "
                       "за хвилину; якщо помилка повторюється, повідомте технічного волонтера "
                       "кластера (подробиці — у журналі сервера)."
                     : "The database could not be read or written just now (its storage is "
                       "failing, full or read-only). Nothing was saved. Try again in a minute; if "
                       "it keeps failing, tell the cluster's technician (the server's log has the "
                       "details).";
  }
  return ukrainian ? "Сталася неочікувана помилка; нічого не збережено. Спробуйте ще раз; якщо "
                     "вона повторюється, повідомте технічного волонтера кластера (подробиці — у "
                     "журналі сервера)."
                   : "Something unexpected went wrong; nothing was saved. Try again; if it keeps "
                     "happening, tell the cluster's technician (the server's log has the details).";
}

// Whether a peer's address is this machine's (127.0.0.0/8, ::1, or 127.x as
// an IPv4-mapped IPv6 address).
bool IsLoopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

Reply ProblemReply(const Status& status, const std::string& accept_language) {
  Title title = TitleOf(status.code());
  bool ukrainian = accept_language.rfind("uk", 0) == 0;
  // A failure the client cannot mend says what to do; what failed goes to the log.
  const bool internal =
      status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kInternal;
  if (internal) LogError(status.message());
  JsonWriter w;
  w.BeginObject()
      .Field("type", TypeOf(status.code()))
      .Field("title", ukrainian ? title.uk : title.en)
      .Field("title_uk", title.uk)
      .Field("status", HttpStatusOf(status.code()))
      .Field("detail", internal ? WhatToDo(status.code(), ukrainian) : status.message());
  if (internal) w.Field("detail_uk", WhatToDo(status.code(), true));
  w.Key("errors").BeginArray();
  for (const FieldError& e : internal ? std::vector<FieldError>{} : status.errors()) {
    w.BeginObject().Field("field", e.field).Field("message", e.message);
    // A bad row of an imported file also says where it is.
    if (e.line > 0) w.Field("line", e.line).Field("column", e.field).Field("reason", e.message);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return Reply{HttpStatusOf(status.code()), w.Take(), "application/problem+json"};
}

Result<int> PageLimit(const std::map<std::string, std::string>& query) {
  auto it = query.find("limit");
  if (it == query.end()) return 100;
  const std::string& s = it->second;
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Field("limit", "must be a whole number from 1 to 1000");
  }
  int n = std::stoi(s);
  if (n < 1 || n > 1000) return Status::Field("limit", "must be a whole number from 1 to 1000");
  return n;
}

// The token of an "Authorization: Bearer <token>" header (the scheme in any
// case, RFC 9110), or "" when there is none.
std::string BearerToken(const std::string& authorization) {
  size_t start = authorization.find_first_not_of(" \t");
  if (start == std::string::npos || authorization.size() - start < 7) return "";
  std::string scheme = authorization.substr(start, 6);
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const char after = authorization[start + 6];
  if (scheme != "bearer" || (after != ' ' && after != '\t')) return "";
  std::string token = authorization.substr(start + 7);
  token.erase(0, token.find_first_not_of(" \t"));
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
  return token;
}

struct Api::Route {
  const char* method;
  const char* pattern;  // "{}" stands for one path parameter
  unsigned roles;
  Handler handler;
  BodyFormat body = BodyFormat::kJson;
};

Api::Api(Store& store, TokenStore& tokens, std::string version)
    : store_(store), tokens_(tokens), version_(std::move(version)) {}

Reply Api::Handle(const ApiRequest& request, CallInfo* info) {
  try {
    Result<Reply> r = Dispatch(request, nullptr, info);
    return r.ok() ? std::move(r).value() : ProblemReply(r.status(), request.accept_language);
  } catch (const std::exception& e) {
    return ProblemReply(Status::Internal(std::string("unexpected error: ") + e.what()));
  }
}

Reply Api::HandleAs(const Principal& who, const ApiRequest& request) {
  try {
    Result<Reply> r = Dispatch(request, &who, nullptr);
    return r.ok() ? std::move(r).value() : ProblemReply(r.status(), request.accept_language);
  } catch (const std::exception& e) {
    return ProblemReply(Status::Internal(std::string("unexpected error: ") + e.what()));
  }
}

const std::array<Api::Route, Api::kRouteCount>& Api::Routes() {
  static const std::array<Route, kRouteCount> kRoutes = {{
      {"GET", "/api/v1/health", kPublic, &Api::Health},
      // Also at /metrics; a client on loopback needs no token when
      // metrics.loopback is set (Dispatch).
      {"GET", "/api/v1/metrics", kAdmin, &Api::Metrics},
      {"POST", "/api/v1/sessions", kPublic, &Api::Login},
      {"DELETE", "/api/v1/sessions", kAnyone, &Api::Logout},
      {"POST", "/api/v1/sessions/password", kAnyone, &Api::ChangePassword},
      {"POST", "/api/v1/users", kAdmin, &Api::CreateUser},
      {"GET", "/api/v1/users", kAdmin, &Api::ListOf<User, &Repository::ListUsers, WriteUser>},
      {"PATCH", "/api/v1/users/{}", kAdmin, &Api::ChangeUser},
      {"POST", "/api/v1/items", kStaff, &Api::DecodeAndWrite<ReadItem, CreateItemWork>},
      {"GET", "/api/v1/items", kReaders, &Api::ListItems},
      {"PATCH", "/api/v1/items/{}", kStaff, &Api::ChangeItem},
      {"POST", "/api/v1/warehouses", kAdmin,
       &Api::DecodeAndWrite<ReadWarehouse, CreateWarehouseWork>},
      {"GET", "/api/v1/warehouses", kReaders, &Api::ListWarehouses},
      {"POST", "/api/v1/donors", kAdmin, &Api::DecodeAndWrite<ReadDonor, CreateDonorWork>},
      {"GET", "/api/v1/donors", kReaders, &Api::ListOf<Donor, &Repository::ListDonors, WriteDonor>},
      {"POST", "/api/v1/recipients", kStaff,
       &Api::DecodeAndWrite<ReadRecipient, CreateRecipientWork>},
      {"GET", "/api/v1/recipients", kReaders, &Api::ListRecipients},
      {"GET", "/api/v1/recipients/{}", kReaders, &Api::GetRecipient},
      {"GET", "/api/v1/personal-reads", kAdmin | Bit(Role::kAuditor), &Api::ListPersonalReads},
      {"POST", "/api/v1/receipts", kStaff, &Api::DecodeAndWrite<ReadReceipt, CreateReceiptWork>},
      {"GET", "/api/v1/receipts/{}", kDocumentReaders, &Api::GetReceipt},
      {"GET", "/api/v1/receipts/{}/grn.pdf", kDocumentReaders, &Api::ReceiptGrn},
      {"POST", "/api/v1/transfers", kStaff,
       &Api::DecodeAndWrite<DecodeTransfer, CreateTransferWork>},
      {"GET", "/api/v1/transfers/incoming", kDocumentReaders, &Api::IncomingTransfers},
      {"GET", "/api/v1/transfers/{}", kDocumentReaders, &Api::GetTransfer},
      {"POST", "/api/v1/transfers/{}/receive", kStaff, &Api::ReceiveTransfer},
      {"POST", "/api/v1/deliveries", kStaff,
       &Api::DecodeAndWrite<DecodeDelivery, CreateDeliveryWork>},
      {"GET", "/api/v1/deliveries", kDocumentReaders, &Api::ListDeliveries},
      {"POST", "/api/v1/deliveries/preview", kStaff, &Api::PreviewDelivery},
      {"GET", "/api/v1/deliveries/{}", kDocumentReaders, &Api::GetDelivery},
      {"GET", "/api/v1/deliveries/{}/waybill.pdf", kDocumentReaders, &Api::DeliveryWaybill},
      {"POST", "/api/v1/deliveries/{}/confirm", kStaff, &Api::ConfirmDelivery},
      {"POST", "/api/v1/adjustments", kStaff,
       &Api::DecodeAndWrite<DecodeAdjustment, CreateAdjustmentWork>},
      {"GET", "/api/v1/adjustments/{}", kDocumentReaders, &Api::GetAdjustment},
      {"POST", "/api/v1/journal/{}/reverse", kStaff, &Api::ReverseMovement},
      {"GET", "/api/v1/reversals/{}", kDocumentReaders, &Api::GetReversal},
      {"POST", "/api/v1/requests", kStaff, &Api::DecodeAndWrite<ReadRequest, CreateRequestWork>},
      {"GET", "/api/v1/requests", kDocumentReaders | kTreasury, &Api::ListRequests},
      {"GET", "/api/v1/requests/{}", kDocumentReaders | kTreasury, &Api::GetRequest},
      {"POST", "/api/v1/requests/{}/cancel", kStaff, &Api::CancelRequest},
      // Aggregates only, no recipient: every role reads them, donors too.
      {"GET", "/api/v1/reports/needs", kAnyone, &Api::NeedsReport},
      {"GET", "/api/v1/reports/needs.pdf", kAnyone, &Api::NeedsReport},
      {"GET", "/api/v1/export/hxl/needs", kAnyone, &Api::NeedsReport},
      {"POST", "/api/v1/returns", kStaff, &Api::DecodeAndWrite<DecodeReturn, CreateReturnWork>},
      {"GET", "/api/v1/returns/{}", kDocumentReaders, &Api::GetReturn},
      {"POST", "/api/v1/kits", kStaff, &Api::DecodeAndWrite<DecodeKit, CreateKitWork>},
      {"GET", "/api/v1/kits", kReaders, &Api::ListKits},
      {"GET", "/api/v1/kits/{}", kReaders, &Api::GetKit},
      {"POST", "/api/v1/assemblies", kStaff,
       &Api::DecodeAndWrite<DecodeAssembly, CreateAssemblyWork>},
      {"POST", "/api/v1/assemblies/preview", kStaff, &Api::PreviewAssembly},
      {"GET", "/api/v1/assemblies/{}", kDocumentReaders, &Api::GetAssembly},
      {"POST", "/api/v1/disassemblies", kStaff,
       &Api::DecodeAndWrite<DecodeDisassembly, CreateDisassemblyWork>},
      {"GET", "/api/v1/disassemblies/{}", kDocumentReaders, &Api::GetDisassembly},
      {"PUT", "/api/v1/minimums/{}/{}", kStaff, &Api::SetMinimum},
      {"GET", "/api/v1/minimums", kReaders, &Api::ListMinimums},
      {"GET", "/api/v1/alerts", kReaders, &Api::ListAlerts},
      {"POST", "/api/v1/stocktakes", kStaff,
       &Api::DecodeAndWrite<ReadStocktake, OpenStocktakeWork>},
      {"GET", "/api/v1/stocktakes", kDocumentReaders, &Api::ListStocktakes},
      {"GET", "/api/v1/stocktakes/{}", kDocumentReaders, &Api::GetStocktake},
      {"GET", "/api/v1/stocktakes/{}/sheet.pdf", kDocumentReaders, &Api::StocktakeSheet},
      {"POST", "/api/v1/stocktakes/{}/counts", kStaff, &Api::RecordCounts},
      {"POST", "/api/v1/stocktakes/{}/close", kStaff, &Api::CloseStocktake},
      {"POST", "/api/v1/rates", kTreasury, &Api::ImportRates, BodyFormat::kJsonOrXml},
      {"GET", "/api/v1/rates", kReaders, &Api::GetRates},
      {"GET", "/api/v1/currencies", kAnyone, &Api::ListCurrencies},
      {"PUT", "/api/v1/rates/{}/{}", kTreasury, &Api::ReplaceRate},
      {"POST", "/api/v1/accounts", kTreasury, &Api::DecodeAndWrite<ReadAccount, CreateAccountWork>},
      {"GET", "/api/v1/accounts", kTreasury | Bit(Role::kAuditor),
       &Api::ListOf<Account, &Repository::ListAccounts, WriteAccount>},
      {"POST", "/api/v1/cash/donations", kTreasury,
       &Api::DecodeAndWrite<ReadCashDonation, CashDonationWork>},
      {"POST", "/api/v1/cash/payments", kTreasury,
       &Api::DecodeAndWrite<DecodeCashPayment, CashPaymentWork>},
      {"POST", "/api/v1/cash/transfers", kTreasury,
       &Api::DecodeAndWrite<DecodeCashTransfer, CashTransferWork>},
      {"POST", "/api/v1/cash/exchanges", kTreasury,
       &Api::DecodeAndWrite<DecodeCashExchange, CashExchangeWork>},
      {"POST", "/api/v1/cash/fees", kTreasury, &Api::DecodeAndWrite<DecodeBankFee, BankFeeWork>},
      {"GET", "/api/v1/reports/reconciliation", kTreasury | Bit(Role::kAuditor),
       &Api::ReconciliationReport},
      {"POST", "/api/v1/periods/close", kTreasury, &Api::ClosePeriod},
      {"POST", "/api/v1/periods/reopen", kAdmin, &Api::ReopenPeriod},
      {"GET", "/api/v1/periods", kTreasury | Bit(Role::kAuditor), &Api::ListPeriods},
      {"POST", "/api/v1/accounts/{}/statements", kTreasury, &Api::RecordStatement},
      {"GET", "/api/v1/accounts/{}/statements", kTreasury | Bit(Role::kAuditor),
       &Api::ListStatements},
      {"GET", "/api/v1/reports/donor/{}", kTreasury | Bit(Role::kAuditor) | Bit(Role::kDonor),
       &Api::DonorReport},
      {"GET", "/api/v1/reports/audit.pdf", kTreasury | Bit(Role::kAuditor), &Api::AuditReport},
      {"GET", "/api/v1/export/journal", kTreasury | Bit(Role::kAuditor), &Api::ExportJournal},
      // Each kind is imported by the roles that create it (checked by the handler).
      // Whoever may create a kind may import it.
      {"POST", "/api/v1/import/items", kStaff, &Api::ImportFile, BodyFormat::kCsv},
      {"POST", "/api/v1/import/recipients", kStaff, &Api::ImportFile, BodyFormat::kCsv},
      {"POST", "/api/v1/import/receipts", kStaff, &Api::ImportFile, BodyFormat::kCsv},
      {"POST", "/api/v1/import/cash", kTreasury, &Api::ImportFile, BodyFormat::kCsv},
      {"GET", "/api/v1/export/items", kReaders, &Api::ExportItems},
      {"GET", "/api/v1/export/hxl/distributions", kTreasury | Bit(Role::kAuditor), &Api::ExportHxl},
      {"GET", "/api/v1/export/iati", kTreasury | Bit(Role::kAuditor), &Api::ExportIati},
      {"GET", "/api/v1/stock", kReaders, &Api::GetStock},
      {"GET", "/api/v1/stock/labels.pdf", kDocumentReaders, &Api::StockLabels},
      // What a scanner read: nothing is written, so whoever reads stock may.
      {"POST", "/api/v1/scan", kReaders, &Api::Scan},
      {"GET", "/api/v1/health/", kPublic, &Api::Health},
      {"GET", "/api/v1/journal", kAdmin | Bit(Role::kAuditor), &Api::ListJournal},
      {"GET", "/api/v1/journal/verify", kAdmin | Bit(Role::kAuditor), &Api::VerifyChain},
      {"GET", "/api/v1/documents", kDocumentReaders | kTreasury, &Api::ListDocuments},
      // Anyone holding a printed document may check it; it answers only its
      // kind, number, date and hash.
      {"GET", "/api/v1/verify/{}", kPublic, &Api::VerifyDocument},
      {"GET", "/api/v1/stock/", kReaders, &Api::GetStock},
      // Sites and the alliance hub.
      {"POST", "/api/v1/sites", kAdmin, &Api::DecodeAndWrite<ReadNewSite, RegisterSiteWork>},
      {"GET", "/api/v1/sites", kAdmin, &Api::SyncStatus},
      {"POST", "/api/v1/sites/{}/token", kAdmin, &Api::NewSiteToken},
      {"DELETE", "/api/v1/sites/{}/token", kAdmin, &Api::RevokeSiteToken},
      // A site's own token authenticates these (SiteOfSync).
      {"POST", "/api/v1/sync/journal", kPublic, &Api::SyncJournal},
      {"GET", "/api/v1/sync/changes", kPublic, &Api::SyncChanges},
      {"GET", "/api/v1/sync/entries", kPublic, &Api::SyncEntries},
      {"GET", "/api/v1/sync/status", kReaders, &Api::SyncStatus},
      {"POST", "/api/v1/sync", kAdmin, &Api::SyncNow},
  }};
  return kRoutes;
}

std::vector<std::string> Api::RouteNames() {
  std::vector<std::string> names;
  for (const Route& r : Routes()) names.push_back(std::string(r.method) + " " + r.pattern);
  return names;
}

const Api::Route* Api::FindRoute(const std::string& method, const std::string& path,
                                 std::vector<std::string>* params, bool* path_matched) {
  const auto& kRoutes = Routes();
  // Each pattern's segments, split once rather than on every request.
  static const std::vector<std::vector<std::string>> kPatterns = [] {
    std::vector<std::vector<std::string>> split;
    for (const Route& r : Routes()) split.push_back(Split(r.pattern));
    return split;
  }();

  const std::vector<std::string> parts = Split(path);
  for (size_t r = 0; r < kRoutes.size(); ++r) {
    const Route& route = kRoutes[r];
    const std::vector<std::string>& pattern = kPatterns[r];
    if (pattern.size() != parts.size()) continue;
    std::vector<std::string> p;
    bool match = true;
    for (size_t i = 0; i < parts.size() && match; ++i) {
      if (pattern[i] == "{}") {
        if (parts[i].empty()) match = false;
        p.push_back(parts[i]);
      } else if (pattern[i] != parts[i]) {
        match = false;
      }
    }
    if (!match) continue;
    *path_matched = true;
    if (method == route.method) {
      *params = std::move(p);
      return &route;
    }
  }
  return nullptr;
}

bool Api::TakesSpreadsheet(const std::string& method, const std::string& path) {
  std::vector<std::string> params;
  bool path_matched = false;
  const Route* route = FindRoute(method, path, &params, &path_matched);
  // A site's batch of journal entries is as large as an import may be.
  return route != nullptr &&
         (route->body == BodyFormat::kCsv || route->handler == &Api::SyncJournal);
}

Result<Reply> Api::Dispatch(const ApiRequest& request, const Principal* who, CallInfo* info) {
  std::vector<std::string> params;
  bool path_matched = false;
  const Route* found = FindRoute(request.method, request.path, &params, &path_matched);
  if (found != nullptr && info != nullptr) {
    info->route = static_cast<int>(found - Routes().data());
    info->pattern = found->pattern;
  }
  if (found == nullptr) {
    if (path_matched) {
      return Status(StatusCode::kMethodNotAllowed,
                    "method " + request.method + " is not allowed on " + request.path);
    }
    return Status::NotFound("no such resource: " + request.path);
  }

  Principal anonymous;
  const Principal* caller = who;
  // A Prometheus on this machine scrapes without a token when so configured
  // (not a client a proxy on this machine forwards).
  const bool local_scrape = found->handler == &Api::Metrics && metrics_loopback_ &&
                            !request.forwarded && IsLoopback(request.client_address);
  if (local_scrape) anonymous = Principal{.username = "", .role = Role::kAdmin};
  if (caller == nullptr && found->roles != kPublic && !local_scrape) {
    const std::string token = BearerToken(request.authorization);
    if (token.empty()) {
      return Status::Unauthenticated("an Authorization: Bearer <token> header is required");
    }
    auto principal = tokens_.Check(token);
    if (!principal) return Status::Unauthenticated("the token is unknown or has expired");
    Result<Principal> current = CurrentUser(*principal);
    if (!current.ok()) {
      if (current.status().code() == StatusCode::kUnauthenticated) tokens_.Revoke(token);
      return current.status();
    }
    anonymous = std::move(current).value();
    caller = &anonymous;
  }
  if (caller == nullptr) caller = &anonymous;
  if (info != nullptr && !caller->username.empty()) {
    info->user = caller->username;
    info->role = RoleName(caller->role);
  }
  if (found->roles != kPublic && (found->roles & Bit(caller->role)) == 0) {
    return Status::Forbidden("the role " + std::string(RoleName(caller->role)) + " may not " +
                             request.method + " " + request.path);
  }
  Call call{request, *caller, std::move(params)};
  if ((request.method == "POST" || request.method == "PUT" || request.method == "PATCH") &&
      !request.body.empty()) {
    ZAPAS_RETURN_IF_ERROR(CheckContentType(request.content_type, found->body));
  }
  // Only a site's batch may come compressed (gzip, read by its handler).
  if (!request.content_encoding.empty() &&
      !(found->handler == &Api::SyncJournal && request.content_encoding == "gzip")) {
    return Status(StatusCode::kUnsupportedMediaType,
                  "Content-Encoding " + request.content_encoding + " is not accepted here");
  }
  if (request.method == "POST" && found->roles != kPublic && !request.idempotency_key.empty()) {
    // A key seen before answers before the body is even validated: the same
    // request gets its original reply, another request 409. (The writer checks
    // again, atomically, for requests racing with the first.)
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_ASSIGN_OR_RETURN(auto stored, conn->FindResponse(request.idempotency_key));
    if (stored) {
      if (stored->request_hash != RequestHash(request)) {
        return Status::Conflict("Idempotency-Key \"" + request.idempotency_key +
                                "\" was already used with another request");
      }
      return Reply{stored->status, stored->body};
    }
  }
  return (this->*found->handler)(call);
}

Result<Reply> Api::Write(Call& c, WriteWork work) {
  const std::string& key = c.request.idempotency_key;
  if (key.size() > 200) return Status::Field("Idempotency-Key", "must be at most 200 characters");
  ZAPAS_ASSIGN_OR_RETURN(
      Written written,
      store_.Write(c.who, key, key.empty() ? std::string() : RequestHash(c.request),
                   std::move(work)));
  return Reply{written.created ? 201 : 200, std::move(written.json)};
}

}  // namespace zapas
