// The repository's logic written once over a small driver interface, for
// both databases (internal to persistence/). SqlRepository holds the
// statements and the rules that are not about storage; a backend gives it
// Query — run one statement with its parameters and hand back its rows — and
// keeps only what is its own: the connection, transactions, migrations, the
// key check, backup, and the hot write path where PostgreSQL pipelines
// (sqlite_repository.h, postgres_repository.h).
//
// The SQL is one text for both: parameters are written $1, $2, ... (PostgreSQL
// takes them as they are; SQLite takes "$1" as a named parameter, and its
// Query binds each by its number), ids come back with RETURNING, booleans are
// read as 0 and 1. Where the dialects really differ, SqlDialect holds the
// backend's text.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "persistence/field_cipher.h"
#include "persistence/repository.h"
#include "persistence/repository_support.h"

namespace zapas {

// The parameters of one statement, in order ($1 first).
class SqlParams {
 public:
  enum class Kind { kNull, kInt, kText, kBytes };
  struct Value {
    Kind kind;
    int64_t number = 0;
    std::string text;  // kText and kBytes
  };

  SqlParams& Int(int64_t v) { return Add({Kind::kInt, v, {}}); }
  SqlParams& Text(std::string v) { return Add({Kind::kText, 0, std::move(v)}); }
  SqlParams& Bytes(std::string v) { return Add({Kind::kBytes, 0, std::move(v)}); }
  SqlParams& Null() { return Add({Kind::kNull, 0, {}}); }
  SqlParams& TextOrNull(const std::string& v) { return v.empty() ? Null() : Text(v); }
  SqlParams& IntOrNull(int64_t v) { return v == 0 ? Null() : Int(v); }

  int size() const { return static_cast<int>(values_.size()); }
  const Value& at(int i) const { return values_[static_cast<size_t>(i)]; }

 private:
  SqlParams& Add(Value v) {
    values_.push_back(std::move(v));
    return *this;
  }
  std::vector<Value> values_;
};

// One row of a result, read by column (the row readers of row_readers.h are
// templates over it). A boolean column reads as 0 or 1.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool IsNull(int col) const = 0;
  // Whether the column holds bytes (a sealed value) rather than text.
  virtual bool IsBlob(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
};

using SqlRowVisitor = std::function<void(const SqlRow&)>;

// The SQL text that differs between the dialects.
struct SqlDialect {
  // The query of CodeTakenIgnoringCase's parameter ("$1", "$1::text").
  const char* code_param;
  // The household size recorded in personal data given as the SQL
  // expression `json`, as a whole number, else NULL.
  std::string (*household_size_of)(const std::string& json);
  // Appended to a column compared or ordered bytewise (codes, keys, hashes).
  const char* bytewise;
  // Whether a recipient's name in clear is stored as bytes (PostgreSQL's
  // BYTEA column, which holds sealed names too) rather than as text.
  bool clear_name_as_bytes;
  // The string member `member` of the JSON document in `column`.
  std::string (*document_member)(const std::string& column, const std::string& member);
};

class SqlRepository : public Repository {
 public:
  Result<std::optional<std::string>> CodeTakenIgnoringCase(CodeKind kind,
                                                           const std::string& code) override;
  Result<int32_t> InsertItem(const Item& item) override;
  Status UpdateItem(const Item& item) override;
  Status SetItemGtins(int32_t item_id, const std::vector<ItemGtin>& gtins) override;
  Result<int32_t> InsertWarehouse(const Warehouse& w) override;
  Result<int32_t> InsertDonor(const Donor& d) override;
  Result<int32_t> InsertRecipient(const Recipient& r) override;
  Result<std::vector<Item>> ListItems(const PageRequest& page) override;
  Result<std::vector<Warehouse>> ListWarehouses(const PageRequest& page) override;
  Result<std::vector<Donor>> ListDonors(const PageRequest& page) override;
  Result<std::vector<Recipient>> ListRecipients(const PageRequest& page) override;
  Result<std::optional<Recipient>> FindRecipient(const std::string& code) override;
  Result<std::map<std::string, int64_t>> HouseholdSizes() override;
  Result<std::vector<std::string>> Usernames() override;
  Status LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                         const std::string& read_at) override;
  Result<std::vector<PersonalRead>> PersonalReads(const std::string& recipient_code) override;
  Status AddUser(const User& u) override;
  Result<std::optional<User>> FindUser(const std::string& username) override;
  Result<int64_t> CountUsers() override;
  Status UpdateUser(const User& u) override;
  Result<std::vector<User>> ListUsers(const PageRequest& page) override;
  std::string SealText(const std::string& plaintext, const std::string& context) override;
  Result<std::string> OpenText(const std::string& sealed, const std::string& context) override;

  Result<int32_t> InsertLot(const Lot& lot) override;
  Status ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) override;
  Status ForEachPosting(int64_t after_entry,
                        const std::function<void(const Posting&)>& visit) override;
  // Computes the entry's id and hash from the chain's head (Head) and stores
  // it (StoreEntry).
  Result<int64_t> InsertEntry(const JournalEntry& entry) override;
  Result<int64_t> InsertSiteEntry(const JournalEntry& entry) override;
  Status ForEachStockEntry(Date to, const std::function<void(const JournalEntry&)>& visit) override;
  Result<JournalEntry> FindEntry(int64_t id) override;
  Result<std::optional<JournalEntry>> FindEntryByHash(const std::string& prefix) override;
  Status ForEachEntry(int64_t after,
                      const std::function<bool(const JournalEntry&)>& visit) override;
  Result<std::vector<Posting>> PostingsOf(int64_t id) override;
  Result<std::optional<int64_t>> FindEventFor(int64_t id, const std::string& kind) override;
  Result<std::vector<int64_t>> EventsFor(int64_t id, const std::string& kind) override;
  Result<std::vector<DeliverySummary>> ListDeliveries(int64_t after, int limit) override;
  Result<std::vector<DocumentSummary>> ListDocuments(const DocumentQuery& query) override;
  Result<int64_t> NextNumber(const std::string& name, int year) override;
  Result<std::vector<Counter>> ListCounters() override;
  Status SetCounter(const Counter& c) override;
  Result<std::vector<std::string>> ResponseKeys() override;
  Result<std::optional<StoredResponse>> FindResponse(const std::string& key) override;
  Status SaveResponse(const std::string& key, const StoredResponse& r) override;

  Result<int32_t> InsertAccount(const Account& a) override;
  Result<std::vector<Account>> ListAccounts(const PageRequest& page) override;
  Result<std::optional<Account>> FindAccount(const std::string& code) override;
  Status ForEachMoneyPosting(Date to, const std::function<void(const MoneyRow&)>& visit) override;
  Result<int64_t> AccountBalance(int32_t account_id, Date date) override;
  Status ClosePeriod(const ClosedPeriod& p) override;
  Status ReopenPeriod(const std::string& month) override;
  Result<std::vector<ClosedPeriod>> ListClosedPeriods() override;
  Result<std::optional<Date>> ClosedThrough() override;
  Status InsertStatement(const Statement& st) override;
  Result<std::vector<Statement>> ListStatements(int32_t account_id) override;
  Status ReplaceRate(const Rate& rate) override;
  Result<bool> RateIsUsed(const Currency& currency, Date from, std::optional<Date> until) override;
  Result<size_t> InsertRates(const std::vector<Rate>& rates) override;
  Result<std::optional<Rate>> RateInForce(const Currency& currency, Date date) override;
  Result<std::vector<Rate>> RatesInForce(Date date) override;
  Status LoadRates(RateTable& table) override;

  Status InsertRequest(const StoredRequest& request) override;
  Result<std::optional<StoredRequest>> FindRequest(int64_t id) override;
  Status UpdateRequest(const StoredRequest& request) override;
  Result<std::vector<StoredRequest>> ListRequests(const RequestQuery& query) override;
  Status AddRequestDelivery(int64_t request_id, int64_t delivery_id) override;
  Result<std::vector<int64_t>> RequestDeliveries(int64_t request_id) override;
  Status AddNeeds(const NeedRow& delta) override;
  Result<std::vector<NeedRow>> Needs() override;
  Result<std::vector<NeedRow>> NeedTotals(const std::string& region,
                                          const std::string& kind) override;
  Result<std::vector<NeedRow>> SiteNeedTotals(const std::string& site, const std::string& region,
                                              const std::string& kind) override;
  Status InsertStocktake(const StoredStocktake& stocktake,
                         const std::vector<StocktakeLot>& lots) override;
  Result<std::optional<StoredStocktake>> FindStocktake(int64_t id) override;
  Result<std::vector<StocktakeLot>> StocktakeLots(int64_t id) override;
  Status RecordCounts(int64_t id, const std::vector<StocktakeLot>& lots) override;
  Status CloseStocktake(int64_t id, int64_t adjustment_id) override;
  Result<std::vector<StoredStocktake>> ListStocktakes(int64_t before, int limit) override;
  Status InsertKit(int32_t kit_item_id, const std::vector<KitComponent>& components) override;
  Result<std::optional<KitRow>> FindKit(int32_t kit_item_id) override;
  Result<std::vector<KitRow>> ListKits() override;
  Status SetMinimum(int32_t warehouse_id, int32_t item_id, int64_t milli) override;
  Result<std::vector<MinimumRow>> ListMinimums() override;
  Result<bool> NotificationSent(const std::string& kind, const std::string& subject,
                                const std::string& channel) override;
  Status RecordNotification(const std::string& kind, const std::string& subject,
                            const std::string& channel, const std::string& sent_at) override;
  Result<std::vector<NotificationRow>> ListNotifications() override;
  Status InsertSite(const SiteRecord& site) override;
  Result<std::optional<SiteRecord>> FindSite(const std::string& code) override;
  Result<std::optional<SiteRecord>> FindSiteByToken(const std::string& token_hash) override;
  Result<std::vector<SiteRecord>> ListSites() override;
  Status SetSiteToken(const std::string& code, const std::string& token_hash) override;
  Status UpdateSiteHead(const SiteRecord& site) override;
  Status SetWarehouseSite(const std::string& code, const std::string& site) override;
  Status SetAccountSite(const std::string& code, const std::string& site) override;
  Status StoreSiteBody(const std::string& site, int64_t site_id, int64_t entry_id,
                       const std::string& body) override;
  Result<std::optional<SiteBody>> FindSiteBody(const std::string& site, int64_t site_id) override;
  Result<std::optional<SiteBody>> FindSiteBodyOfEntry(int64_t entry_id) override;
  Result<std::vector<std::string>> SitesWithBodies() override;
  Status ForEachSiteBody(const std::string& site, int64_t after,
                         const std::function<bool(const SiteBody&)>& visit) override;
  Result<std::optional<SiteState>> LoadSiteState() override;
  Status SaveSiteState(const SiteState& state) override;
  Result<std::optional<JournalEntry>> OwnHead() override;
  Result<int64_t> CountOwnEntriesAfter(int64_t after) override;
  Result<std::vector<MasterChange>> MasterChanges(int64_t after, int limit) override;
  Result<std::optional<Rate>> FindRate(const std::string& currency, Date date) override;
  Result<int32_t> PutWarehouse(const Warehouse& w) override;
  Result<int32_t> PutDonor(const Donor& d) override;
  Result<int32_t> PutAccount(const Account& a) override;
  Result<int32_t> PutRecipient(const Recipient& r) override;

 protected:
  SqlRepository(FieldCipher cipher, const SqlDialect& dialect)
      : cipher_(std::move(cipher)), dialect_(dialect) {}

  // The driver: runs `sql` with `params`, `row` (when given) seeing each
  // result row in order; the number of rows the statement changed. Errors
  // map alike on both backends, `what` first in the message: a unique
  // violation is kConflict, another constraint (the append-only triggers
  // too) kInvalid, the rest kUnavailable.
  virtual Result<int64_t> Query(const std::string& sql, const SqlParams& params,
                                const SqlRowVisitor& row, const std::string& what) = 0;

  // The journal's last entry: its id (0 when empty) and hash.
  struct JournalHead {
    int64_t id = 0;    // the last id taken
    std::string hash;  // this server's own last entry's hash
    bool own = true;   // the last id is this server's own entry
  };
  virtual Result<JournalHead> Head();
  // ForEachEntry reading `columns` (kEntryColumns, or those of an older schema).
  Status ForEachEntryOf(const char* columns, int64_t after,
                        const std::function<bool(const JournalEntry&)>& visit);
  // Stores entry `e` (its id set) chained to `prev` with `hash`: the entry,
  // its stock postings and its money postings, a statement each.
  virtual Status StoreEntry(const JournalEntry& e, const std::string& prev,
                            const std::string& hash);

  // Migration 5: the hash chain of the entries stored before it, computed in
  // id order, with the journal's update guard lifted for that alone: `lift`
  // and `restore` are the backend's statements.
  Status BackfillHashes(const std::string& lift, const std::string& restore);

  // Rows of `sql` read by `read`.
  template <typename T, typename Read>
  Result<std::vector<T>> Rows(const std::string& sql, const SqlParams& params, Read read,
                              const std::string& what) {
    std::vector<T> out;
    ZAPAS_RETURN_IF_ERROR(Query(
                              sql, params, [&](const SqlRow& r) { out.push_back(read(r)); }, what)
                              .status());
    return out;
  }
  // The first row of `sql` read by `read`, or nullopt.
  template <typename T, typename Read>
  Result<std::optional<T>> First(const std::string& sql, const SqlParams& params, Read read,
                                 const std::string& what) {
    std::optional<T> out;
    ZAPAS_RETURN_IF_ERROR(Query(
                              sql, params,
                              [&](const SqlRow& r) {
                                if (!out) out = read(r);
                              },
                              what)
                              .status());
    return out;
  }
  // A page of a list ($1 after, $2 limit).
  template <typename T, typename Read>
  Result<std::vector<T>> List(const std::string& sql, const PageRequest& page, Read read) {
    return Rows<T>(sql, SqlParams().Text(page.after).Int(page.limit), read, "listing");
  }
  // An INSERT ... RETURNING id; kConflict "<what> already exists" on a
  // duplicate.
  Result<int32_t> InsertReturningId(const std::string& sql, const SqlParams& params,
                                    const std::string& what);
  // The first column of every row of `sql`.
  Result<std::vector<std::string>> Strings(const std::string& sql, const std::string& what);

  // The id an UPDATE ... RETURNING id (or a SELECT of one) gives, if any row.
  Result<std::optional<int32_t>> UpdatedId(const std::string& sql, const SqlParams& params,
                                           const std::string& what);

  FieldCipher cipher_;
  const SqlDialect& dialect_;
};

}  // namespace zapas
