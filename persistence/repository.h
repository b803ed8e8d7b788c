// Repository: everything Zapas stores, behind one interface that the SQLite
// and PostgreSQL implementations satisfy alike (one contract test suite,
// tests/persistence, runs against both). One Repository is one
// database connection: not thread-safe; give each thread its own.
//
// Every method returns Status/Result; no exception leaves a Repository.
// Codes: kConflict for a broken uniqueness rule (duplicate code, number),
// kNotFound for a missing row, kUnavailable when the database cannot be
// reached, is locked beyond the busy timeout, or fails to commit.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/aid_request.h"
#include "domain/books.h"
#include "domain/catalog.h"
#include "domain/entities.h"
#include "domain/ledger.h"
#include "domain/rates.h"
#include "domain/status.h"
#include "domain/stock_index.h"
#include "persistence/kit_store.h"
#include "persistence/site_store.h"

namespace zapas {

// An append-only journal entry: a stock movement, or an event about one (a
// proof of delivery). `document` is the JSON of the entry as accepted.
struct JournalEntry {
  int64_t id = 0;
  std::string kind;    // "receipt", "transfer", "delivery", "adjustment", "confirmation"
  std::string number;  // "GRN-2026-000123"; empty for events
  Date date = Date::FromDays(0);
  std::string recorded_at;  // RFC 3339 UTC
  std::string recorded_by;  // user name
  int64_t refers_to = 0;    // an event's movement id, else 0
  std::string document;
  std::vector<Posting> postings;    // stock
  std::vector<MoneyPosting> money;  // books
  // The hash chain (persistence/journal_hash.h): set by InsertEntry.
  std::string prev_hash;
  std::string hash;
  // The site whose chain the entry is on, when another site wrote it (a
  // hub's copy, or what a site was sent); "" for this server's own chain.
  // Not part of the hash: the site's own hash covers the entry as it wrote it.
  std::string site;
};

// One money posting with the entry it belongs to, as read back.
struct MoneyRow {
  int64_t entry_id = 0;
  std::string site;  // the entry's (JournalEntry::site)
  std::string kind;
  std::string number;
  Date date = Date::FromDays(0);
  MoneyPosting posting;
};

// A document numbering counter: the last number given for (name, year).
struct Counter {
  std::string name;
  int year = 0;
  int64_t value = 0;
};

struct StoredResponse {
  std::string request_hash;
  int status = 0;
  std::string body;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string password_hash;  // libsodium crypto_pwhash_str (argon2id)
  Role role = Role::kWarehouse;
  std::string donor_code;  // for Role::kDonor
  bool disabled = false;
  // For Role::kWarehouse: the only warehouses (codes) it reads and writes;
  // empty: every warehouse.
  std::vector<std::string> warehouses;
  // Raised when the password changes: tokens issued before stop.
  int64_t session_epoch = 0;
};

struct ClosedPeriod {
  std::string month;  // "2026-10"
  Date last_day = Date::FromDays(0);
  std::string closed_at;
  std::string closed_by;
};

// A balance a bank (or a count of the cash box) showed for an account on a day.
struct Statement {
  int32_t account_id = 0;
  Date date = Date::FromDays(0);
  int64_t balance = 0;  // minor units of the account's currency
  std::string recorded_at;
  std::string recorded_by;
};

// How far a process's derived state (catalog and stock index) goes: the
// highest id of each table it is built from. Ids only grow, and write
// transactions take turns (Repository::Begin), so what lies above a mark was
// committed after it.
struct StateMark {
  int32_t items = 0, warehouses = 0, donors = 0, recipients = 0, lots = 0;
  int64_t entries = 0;
  // Whether master data other than lots was added since `earlier`.
  bool MasterDataAfter(const StateMark& earlier) const {
    return items != earlier.items || warehouses != earlier.warehouses || donors != earlier.donors ||
           recipients != earlier.recipients;
  }
  bool operator==(const StateMark&) const = default;
};

// Who else may write while a process holds the writer's lock.
enum class Writers {
  kShared,  // other servers too (PostgreSQL; SQLite has one writer whatever is asked)
  kAlone,   // nobody else: copying a whole database
};

// A page of a list ordered by code.
struct PageRequest {
  std::string after;  // exclusive; empty for the first page
  int limit = 100;
};

// The connection to one database: who writes, what others committed, the
// schema, transactions and backups.
class DatabaseSession {
 public:
  virtual ~DatabaseSession() = default;

  // Registers this process as a writer of the database for as long as this
  // connection is open. kUnavailable ("another zapas process is serving DB")
  // when that cannot be shared. SQLite: an exclusive lock on the file DB.lock,
  // so a SQLite database has one writer, whatever `writers` says. PostgreSQL:
  // a session advisory lock, shared by every server (kShared) and taken alone
  // by `zapas migrate` (kAlone).
  virtual Status HoldWriterLock(Writers writers) = 0;

  // Several processes writing one database (PostgreSQL). Each keeps its
  // derived state current by reading what the others committed past its
  // StateMark (now: CurrentMark): when told (Listen, WaitForWrites) and at
  // the start of each of its own write transactions.
  virtual Result<StateMark> CurrentMark() = 0;
  // From now on this connection hears of every commit that adds master data,
  // lots or journal entries; false where one process writes (SQLite).
  virtual Result<bool> Listen() = 0;
  // Waits until a commit is heard of (true) or `timeout_ms` pass (false).
  virtual Result<bool> WaitForWrites(int timeout_ms) = 0;

  // SQLite's write-ahead log: TakeOverCheckpoints() stops this (writing)
  // connection copying it into the database at commits, false where there is
  // no such log; Checkpoint() copies what it can without waiting; LogPages()
  // is its size after this connection's last commit.
  virtual Result<bool> TakeOverCheckpoints() { return false; }
  virtual int64_t LogPages() const { return 0; }
  virtual Status Checkpoint() { return Status::Ok(); }

  // Schema: applies the numbered migrations not yet applied. Idempotent.
  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;
  // SQLite's PRAGMA quick_check: "ok", or what it found; "ok" on PostgreSQL,
  // which checks its own pages (data checksums, amcheck).
  virtual Result<std::string> QuickCheck() = 0;

  // Transactions. Writes happen only between Begin() and Commit()/Rollback().
  // Write transactions of all processes take turns: Begin() waits (up to the
  // busy timeout) until no other write transaction is open, so ids and the
  // hash chain grow in commit order.
  // Savepoints nest inside a transaction: a failed part rolls back alone.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;
  // A read snapshot: every read between BeginRead() and EndRead() sees the same
  // committed state, whatever other connections commit meanwhile (SQLite:
  // BEGIN DEFERRED ... COMMIT). Not inside a write transaction.
  virtual Status BeginRead() = 0;
  virtual Status EndRead() = 0;

  // A consistent copy of the whole database into a new file at `path`, while
  // others keep reading and writing (SQLite's online backup). `progress` gets
  // (pages copied, pages in all) as it goes. kInvalid when `path` exists.
  virtual Status BackupTo(const std::string& path,
                          const std::function<void(int, int)>& progress) = 0;
};

// Items, warehouses, donors and recipients.
class MasterDataStore {
 public:
  virtual ~MasterDataStore() = default;

  // Master data. Insert* return the new id; kConflict on a duplicate code.
  virtual Result<int32_t> InsertItem(const Item& item) = 0;
  // Stores the names and category of the item with item.sku (its code, unit
  // and expiry tracking never change); kNotFound when none.
  virtual Status UpdateItem(const Item& item) = 0;
  // Replaces the GTINs of an item; kConflict when another item has one.
  virtual Status SetItemGtins(int32_t item_id, const std::vector<ItemGtin>& gtins) = 0;
  virtual Result<int32_t> InsertWarehouse(const Warehouse& w) = 0;
  virtual Result<int32_t> InsertDonor(const Donor& d) = 0;
  virtual Result<int32_t> InsertRecipient(const Recipient& r) = 0;
  // The stored code of `kind` (master data or an account) that equals `code`
  // ignoring ASCII case (itself when stored as it is), the oldest if several
  // are (older databases may hold codes that differ only in case); nullopt
  // when none. Inside a write transaction it sees what the transaction wrote,
  // so creations check it first: codes that differ only in case are one code.
  virtual Result<std::optional<std::string>> CodeTakenIgnoringCase(CodeKind kind,
                                                                   const std::string& code) = 0;
  virtual Result<std::vector<Item>> ListItems(const PageRequest& page) = 0;
  virtual Result<std::vector<Warehouse>> ListWarehouses(const PageRequest& page) = 0;
  virtual Result<std::vector<Donor>> ListDonors(const PageRequest& page) = 0;
  virtual Result<std::vector<Recipient>> ListRecipients(const PageRequest& page) = 0;
  // One recipient with its personal data; nullopt when there is none.
  virtual Result<std::optional<Recipient>> FindRecipient(const std::string& code) = 0;
  // The household size of every idp_household recipient whose personal data
  // records one (its "household_size", a positive whole number), by recipient
  // code, from a plain count column kept beside the encrypted personal data.
  // Nothing else of the personal data is read: for counting the people
  // reached (the donor report), never for printing.
  virtual Result<std::map<std::string, int64_t>> HouseholdSizes() = 0;
};

// Lots, the journal of movements and money operations with their postings,
// and the document numbers.
class JournalStore {
 public:
  virtual ~JournalStore() = default;

  // A new lot; its id.
  virtual Result<int32_t> InsertLot(const Lot& lot) = 0;
  // Every lot with an id above `after`, in id order.
  virtual Status ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) = 0;
  // Every posting of the entries with an id above `after_entry`, in journal order.
  virtual Status ForEachPosting(int64_t after_entry,
                                const std::function<void(const Posting&)>& visit) = 0;

  // Journal. InsertEntry stores the entry and its postings and returns its id.
  virtual Result<int64_t> InsertEntry(const JournalEntry& entry) = 0;
  // Stores another site's entry (entry.site set) with that site's own
  // prev_hash and hash, under the next id, off this server's own chain;
  // returns its id here.
  virtual Result<int64_t> InsertSiteEntry(const JournalEntry& entry) = 0;
  // kNotFound when there is none. Postings are not loaded.
  virtual Result<JournalEntry> FindEntry(int64_t id) = 0;
  // The postings of entry `id`, in line order.
  virtual Result<std::vector<Posting>> PostingsOf(int64_t id) = 0;
  // Every entry with its postings, money postings and hashes, in id order,
  // starting after `after` (0: from the first). `visit` returns false to stop.
  virtual Status ForEachEntry(int64_t after,
                              const std::function<bool(const JournalEntry&)>& visit) = 0;
  // The entry whose hash starts with `prefix` (at least 16 hex digits), if any.
  virtual Result<std::optional<JournalEntry>> FindEntryByHash(const std::string& prefix) = 0;
  // The first event of `kind` that refers to movement `id`, if any.
  virtual Result<std::optional<int64_t>> FindEventFor(int64_t id, const std::string& kind) = 0;
  // Every entry of `kind` that refers to entry `id`, in id order.
  virtual Result<std::vector<int64_t>> EventsFor(int64_t id, const std::string& kind) = 0;
  // A delivery as a list shows it: no lines, and no recipient's personal data.
  struct DeliverySummary {
    int64_t id = 0;
    std::string waybill;
    Date date = Date::FromDays(0);
    std::string warehouse, recipient;  // codes
    bool confirmed = false;            // a proof of delivery refers to it
  };
  // At most `limit` deliveries with an id above `after`, in id order.
  virtual Result<std::vector<DeliverySummary>> ListDeliveries(int64_t after, int limit) = 0;

  // The history: documents of some kinds, newest first, a page at a time.
  struct DocumentQuery {
    std::vector<std::string> kinds;                      // journal kinds, at least one
    std::string from = "0000-00-00", to = "9999-12-31";  // dates, both included
    std::string number;                                  // a part of the number ("" for any)
    std::string recipient;                               // the document's recipient ("" for any)
    std::string donor;                                   // the document's donor ("" for any)
    // Only movements with a posting in one of these warehouses (codes);
    // empty: any document.
    std::vector<std::string> warehouses;
    // Only those a proof of delivery (a reversal) refers to, or only those
    // none does; nullopt: either.
    std::optional<bool> confirmed, reversed;
    int64_t before = INT64_MAX;  // ids below it
    int limit = 100;
  };
  struct DocumentSummary {
    int64_t id = 0;
    std::string kind, number;
    Date date = Date::FromDays(0);
    // As the stored document names them; "" when it has none. `from` and
    // `to` are warehouses of a transfer, accounts of a cash transfer or an
    // exchange.
    std::string warehouse, from, to, recipient, donor, account;
    bool reversed = false;   // a reversal refers to it
    bool confirmed = false;  // a proof of delivery refers to it
  };
  virtual Result<std::vector<DocumentSummary>> ListDocuments(const DocumentQuery& query) = 0;

  // Document numbers: the next value of a counter per (name, year), from 1.
  virtual Result<int64_t> NextNumber(const std::string& name, int year) = 0;
  // Every counter, by name and year; and setting one (for copying a database).
  virtual Result<std::vector<Counter>> ListCounters() = 0;
  virtual Status SetCounter(const Counter& counter) = 0;
};

// The replies stored for idempotency keys.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;

  // Idempotency keys: the response stored for a key.
  virtual Result<std::optional<StoredResponse>> FindResponse(const std::string& key) = 0;
  virtual Status SaveResponse(const std::string& key, const StoredResponse& response) = 0;
  // Every idempotency key stored, in key order.
  virtual Result<std::vector<std::string>> ResponseKeys() = 0;
};

// The cash book: accounts, balances, closed periods, bank statements and NBU
// rates.
class BooksStore {
 public:
  virtual ~BooksStore() = default;

  // Accounts of the cash book. kConflict on a duplicate code.
  virtual Result<int32_t> InsertAccount(const Account& account) = 0;
  virtual Result<std::vector<Account>> ListAccounts(const PageRequest& page) = 0;
  virtual Result<std::optional<Account>> FindAccount(const std::string& code) = 0;
  // The balance of an account (minor units) from every posting on or before `date`.
  virtual Result<int64_t> AccountBalance(int32_t account_id, Date date) = 0;
  // Every stock entry dated on or before `to` with its postings, by date and id
  // (the document is included; the money postings are not).
  virtual Status ForEachStockEntry(Date to,
                                   const std::function<void(const JournalEntry&)>& visit) = 0;
  // Every money posting dated on or before `to`, by date, entry and line.
  virtual Status ForEachMoneyPosting(Date to,
                                     const std::function<void(const MoneyRow&)>& visit) = 0;

  // Closed periods. kConflict when the month is closed already.
  virtual Status ClosePeriod(const ClosedPeriod& period) = 0;
  // Opens a closed month again: only the latest (kConflict otherwise, also
  // refused by the database itself); kNotFound when it is not closed.
  virtual Status ReopenPeriod(const std::string& month) = 0;
  virtual Result<std::vector<ClosedPeriod>> ListClosedPeriods() = 0;
  // The last day of the latest closed month, if any.
  virtual Result<std::optional<Date>> ClosedThrough() = 0;

  // Bank statements. kConflict when one is stored for that account and day.
  virtual Status InsertStatement(const Statement& statement) = 0;
  // The statements of an account (0: of every account), by account and date.
  virtual Result<std::vector<Statement>> ListStatements(int32_t account_id) = 0;

  // Exchange rates. InsertRates stores the rates not yet stored and returns
  // how many; kConflict naming the rate when one is stored with another value
  // (an official rate never changes).
  virtual Result<size_t> InsertRates(const std::vector<Rate>& rates) = 0;
  // Replaces the stored rate of (rate.currency, rate.date) by rate's value;
  // kNotFound when none is stored for that day.
  virtual Status ReplaceRate(const Rate& rate) = 0;
  // Whether a booking used the rate of `currency` dated `from` (in force until
  // `until`, exclusive; nullopt: until now): a money posting in that currency
  // dated within, or a lot booked at it.
  virtual Result<bool> RateIsUsed(const Currency& currency, Date from,
                                  std::optional<Date> until) = 0;
  // The rate in force on `date` (the latest on or before it); nullopt if none.
  virtual Result<std::optional<Rate>> RateInForce(const Currency& currency, Date date) = 0;
  // Every currency's rate in force on `date`, ordered by currency code.
  virtual Result<std::vector<Rate>> RatesInForce(Date date) = 0;
  virtual Status LoadRates(RateTable& table) = 0;
};

// Users, the log of personal reads and the sealing of personal data kept in
// stored documents.
class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  // Who read which recipient's personal data, and when (append-only).
  virtual Status LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                                 const std::string& read_at) = 0;
  struct PersonalRead {
    std::string read_at, read_by, recipient_code;
  };
  // The reads of one recipient's personal data (empty code: of all), oldest first.
  virtual Result<std::vector<PersonalRead>> PersonalReads(const std::string& recipient_code) = 0;

  // Personal data kept inside a stored document (who received a delivery to a
  // household, in the journal): sealed with the database key as text, bound to
  // `context` (persistence/field_cipher.h). OpenText is kInternal for a value
  // sealed under another key or context.
  virtual std::string SealText(const std::string& plaintext, const std::string& context) = 0;
  virtual Result<std::string> OpenText(const std::string& sealed, const std::string& context) = 0;

  // Users.
  virtual Status AddUser(const User& user) = 0;  // kConflict when the name exists
  virtual Result<std::optional<User>> FindUser(const std::string& username) = 0;
  virtual Result<int64_t> CountUsers() = 0;
  // Stores the role, donor, warehouses, disabled flag, password hash and
  // session epoch of the user named user.username; kNotFound when none.
  virtual Status UpdateUser(const User& user) = 0;
  // Users ordered by name, a page at a time.
  virtual Result<std::vector<User>> ListUsers(const PageRequest& page) = 0;
  // Every user name, in the order the users were added.
  virtual Result<std::vector<std::string>> Usernames() = 0;
};

// Where requests and stocktakes stand, and the needs board's sums: kept
// beside the journal, which records each step, and written in the same
// transaction as the step's entry (services/app/work_state.h).
class WorkStore {
 public:
  virtual ~WorkStore() = default;

  struct StoredRequest {
    int64_t id = 0;  // the journal entry that made it
    std::string number;
    std::string recipient;  // code
    Date date = Date::FromDays(0);
    std::optional<Date> needed_by;
    RequestPriority priority = RequestPriority::kNormal;
    std::string reference;
    RequestStatus status = RequestStatus::kOpen;
    std::vector<RequestLine> lines;  // in request order
  };
  // A new request with its lines (their SKUs and the recipient's code name
  // stored rows); kConflict on a duplicate number.
  virtual Status InsertRequest(const StoredRequest& request) = 0;
  virtual Result<std::optional<StoredRequest>> FindRequest(int64_t id) = 0;
  // Stores the status and each line's delivered and cancelled quantities.
  virtual Status UpdateRequest(const StoredRequest& request) = 0;
  struct RequestQuery {
    std::vector<RequestStatus> statuses;  // empty: any
    std::string recipient;                // code; "" for any
    std::optional<RequestPriority> priority;
    // Requests come by priority, then needed-by date (those without last),
    // then id; `after` is the cursor of the last one seen (RequestCursor).
    std::string after;
    int limit = 100;
  };
  virtual Result<std::vector<StoredRequest>> ListRequests(const RequestQuery& query) = 0;
  // "1|2026-12-10|42": where a request stands in that order.
  static std::string RequestCursor(const StoredRequest& r);
  // The deliveries that named a request, in id order.
  virtual Status AddRequestDelivery(int64_t request_id, int64_t delivery_id) = 0;
  virtual Result<std::vector<int64_t>> RequestDeliveries(int64_t request_id) = 0;

  // The needs board: requested, delivered and cancelled quantities summed
  // per item, recipients' region and recipients' kind.
  struct NeedRow {
    std::string sku, region, kind;
    int64_t requested = 0, delivered = 0, cancelled = 0;
  };
  // Adds `delta`'s quantities to its row (made when missing), and to its
  // item's total.
  virtual Status AddNeeds(const NeedRow& delta) = 0;
  // Every row, by SKU, region and kind.
  virtual Result<std::vector<NeedRow>> Needs() = 0;
  // The sums per item (region and kind left empty) of the rows of `region`
  // and `kind` ("" for any), by SKU.
  virtual Result<std::vector<NeedRow>> NeedTotals(const std::string& region,
                                                  const std::string& kind) = 0;
  // The same for the requests one site of an alliance recorded (at its hub).
  virtual Result<std::vector<NeedRow>> SiteNeedTotals(const std::string& site,
                                                      const std::string& region,
                                                      const std::string& kind) = 0;

  struct StoredStocktake {
    int64_t id = 0;  // the journal entry that opened it
    std::string number;
    std::string warehouse;  // code
    Date date = Date::FromDays(0);
    bool blind = false;
    bool closed = false;
    int64_t adjustment_id = 0;  // made when it closed; 0: none
  };
  struct StocktakeLot {
    int32_t lot_id = 0;
    int64_t expected = 0;            // thousandths, the books on the date when it opened
    std::optional<int64_t> counted;  // the last count, if any
    bool on_sheet = true;            // false: found during the count
  };
  virtual Status InsertStocktake(const StoredStocktake& stocktake,
                                 const std::vector<StocktakeLot>& lots) = 0;
  virtual Result<std::optional<StoredStocktake>> FindStocktake(int64_t id) = 0;
  // The lots of a stocktake, in lot id order.
  virtual Result<std::vector<StocktakeLot>> StocktakeLots(int64_t id) = 0;
  // Stores the counts of `lots` (a lot not yet on the stocktake is added).
  virtual Status RecordCounts(int64_t id, const std::vector<StocktakeLot>& lots) = 0;
  virtual Status CloseStocktake(int64_t id, int64_t adjustment_id) = 0;
  // At most `limit` stocktakes with an id below `before`, newest first.
  virtual Result<std::vector<StoredStocktake>> ListStocktakes(int64_t before, int limit) = 0;
};

// A database, by area. Everything Zapas stores goes through one; the two
// implementations (SQLite and PostgreSQL) share their statements
// (persistence/sql_repository.h).
class Repository : public DatabaseSession,
                   public MasterDataStore,
                   public JournalStore,
                   public IdempotencyStore,
                   public BooksStore,
                   public PeopleStore,
                   public WorkStore,
                   public KitStore,
                   public SiteStore {
 public:
  // The whole catalog (master data without personal data, and every lot).
  Status LoadCatalog(Catalog& catalog);
};

struct DatabaseOptions {
  // Where the database is: a SQLite file, or a PostgreSQL URL
  // (postgresql://user@host:port/dbname, any URL libpq takes).
  std::string path;
  // The 32-byte key that encrypts personal data (persistence/field_cipher.h).
  // Opening fails when it is not the key the database was encrypted with.
  std::string key;
  bool synchronous_full = true;  // durable commits (a blackout loses nothing acknowledged)
  int busy_timeout_ms = 5000;    // waiting for another writer's lock
};

// Whether `location` names a PostgreSQL database (a postgresql:// or
// postgres:// URL) rather than a SQLite file.
bool IsPostgresUrl(const std::string& location);

// The one way services open a database: PostgreSQL for a URL, else SQLite.
Result<std::unique_ptr<Repository>> OpenDatabase(const DatabaseOptions& options);
// The lock a server holds on the SQLite file `path` (a file beside it, held
// until the returned descriptor is closed); kUnavailable when another holds it.
Result<int> TakeDatabaseLock(const std::string& path);

// Connects to the PostgreSQL database at the URL options.path. Does not
// migrate. kInvalid for a malformed URL or a wrong key (as OpenSqlite),
// kUnavailable when the server cannot be reached. BackupTo is kInvalid there:
// PostgreSQL is backed up with its own tools (docs/deploy.md).
Result<std::unique_ptr<Repository>> OpenPostgres(const DatabaseOptions& options);

// Opens (creating if needed) a SQLite database. Does not migrate. kInvalid
// when options.key is not 32 bytes, or is not the key of the database (checked
// against a value sealed with it when the database was first encrypted).
Result<std::unique_ptr<Repository>> OpenSqlite(const DatabaseOptions& options);

// Whether the database at `path` (which exists) is encrypted already: it
// holds a key check value, so only its own key opens it and a new key must not
// be made for it. kUnavailable when it cannot be read.
Result<bool> DatabaseIsEncrypted(const std::string& path);

// The derived state of a running Zapas, built from `repo` in one read
// snapshot: the catalog, and the stock index rebuilt from every posting of the
// journal. `postings`, when given, receives how many postings were read;
// `mark`, how far the state goes. kInternal for a posting of a lot the catalog
// does not know. (What Store::Load does at start; the CLI's reports use it to
// read stock without a server.)
Status LoadStockState(Repository& repo, Catalog& catalog, StockIndex& index,
                      size_t* postings = nullptr, StateMark* mark = nullptr);

// The master data but lots (recipients without personal data): what
// LoadCatalog reads before the lots.
struct MasterData {
  std::vector<Item> items;
  std::vector<Warehouse> warehouses;
  std::vector<Donor> donors;
  std::vector<Recipient> recipients;

  // Every row of each table whose highest id differs in `seen` and `now` (all when no `seen`).
  static Result<MasterData> Read(Repository& repo, const StateMark* seen, const StateMark& now);
  void AddTo(Catalog& catalog) const;
};

// What other writers committed past a mark, read from the database before it
// is applied, so readers of the state wait only for ApplyTo.
class StateChanges {
 public:
  // Reads what lies between `seen` and the database's mark now, where nothing
  // can commit meanwhile (in a write transaction) or in a read snapshot.
  static Result<StateChanges> Read(Repository& repo, const StateMark& seen);

  bool empty() const { return mark_ == seen_; }
  const StateMark& mark() const { return mark_; }
  // Adds the changes to the state built up to `seen`. kInternal for a posting
  // of a lot neither knows.
  Status ApplyTo(Catalog& catalog, StockIndex& index) const;

 private:
  StateMark seen_, mark_;
  std::optional<MasterData> master_;  // the tables some rows were added to
  std::vector<Lot> lots_;
  std::vector<Posting> postings_;
};

}  // namespace zapas
