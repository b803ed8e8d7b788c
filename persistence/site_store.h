// Sites and the alliance hub: the rows beside the journal that a hub keeps of
// its sites (their registry and each site's entries as it sent them), that a
// site keeps of its hub (SiteState), and the log of master data changes both
// read (persistence/sql_sites.cc). Other sites' entries themselves are
// journal rows with their site's code (JournalStore::InsertSiteEntry).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/books.h"
#include "domain/entities.h"
#include "domain/rates.h"
#include "domain/status.h"

namespace zapas {

struct JournalEntry;  // persistence/repository.h

// A site in a hub's registry.
struct SiteRecord {
  std::string code;  // "KYIV"
  std::string name;
  std::string token_hash;  // SHA-256 hex of its token; "" when revoked
  std::string instance;    // the database that pushes with the token ("" until it does)
  std::string created_at;
  int64_t head_id = 0;    // the site's own id of the last entry the hub holds
  std::string head_hash;  // and its hash ("" before the first)
  int64_t entries = 0;
  std::string last_sync_at;
};

// What a site knows of its hub and how far it synchronised.
struct SiteState {
  std::string code;      // this site's code
  std::string hub;       // the hub's base URL, "https://hub.example.org"
  std::string token;     // in clear here; sealed in the database
  std::string instance;  // this database's identity, made once by `zapas site init`
  int64_t pushed = 0;    // own entries up to this id are at the hub
  std::string pushed_hash;
  int64_t pulled = 0;             // the hub's master data changes read
  int64_t pulled_entries = 0;     // the hub's journal read for this site
  int64_t pushed_recipients = 0;  // this server's master_changes read for recipients to push
  std::string fork;               // the hub's refusal when the chains forked, else ""
  std::string last_push_at, last_pull_at, last_error;
};

// One change of master data: what kind of record and its key (a code, a SKU,
// a user name, "EUR:20480" for a rate: currency and day).
struct MasterChange {
  int64_t seq = 0;
  std::string kind;  // item, warehouse, donor, recipient, account, user, rate
  std::string key;
};

class SiteStore {
 public:
  virtual ~SiteStore() = default;

  // The hub's registry. InsertSite is kConflict when the code exists.
  virtual Status InsertSite(const SiteRecord& site) = 0;
  virtual Result<std::optional<SiteRecord>> FindSite(const std::string& code) = 0;
  virtual Result<std::optional<SiteRecord>> FindSiteByToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<SiteRecord>> ListSites() = 0;
  // A new token ("" revokes): the next database to push with it is the site.
  virtual Status SetSiteToken(const std::string& code, const std::string& token_hash) = 0;
  // After a batch: the site's head, the count of its entries, the database
  // that pushed, when.
  virtual Status UpdateSiteHead(const SiteRecord& site) = 0;
  // Gives a warehouse or an account to a site ("" to this server).
  virtual Status SetWarehouseSite(const std::string& code, const std::string& site) = 0;
  virtual Status SetAccountSite(const std::string& code, const std::string& site) = 0;

  // A site's entry as it sent it, beside its copy in the journal (entry_id).
  // kConflict when the site's id is stored already.
  virtual Status StoreSiteBody(const std::string& site, int64_t site_id, int64_t entry_id,
                               const std::string& body) = 0;
  struct SiteBody {
    int64_t site_id = 0;
    int64_t entry_id = 0;
    std::string body;
  };
  virtual Result<std::optional<SiteBody>> FindSiteBody(const std::string& site,
                                                       int64_t site_id) = 0;
  // The body of the journal entry `entry_id` here, if another site wrote it.
  virtual Result<std::optional<SiteBody>> FindSiteBodyOfEntry(int64_t entry_id) = 0;
  // The sites whose entries are held here (a hub's registered sites; at a
  // site, those that sent it transfers).
  virtual Result<std::vector<std::string>> SitesWithBodies() = 0;
  // Every stored entry of `site` after `after`, in the site's order; `visit`
  // returns false to stop.
  virtual Status ForEachSiteBody(const std::string& site, int64_t after,
                                 const std::function<bool(const SiteBody&)>& visit) = 0;

  // A site's own state; nullopt on a server that is no site.
  virtual Result<std::optional<SiteState>> LoadSiteState() = 0;
  virtual Status SaveSiteState(const SiteState& state) = 0;

  // This server's own last journal entry (without its postings), if any.
  virtual Result<std::optional<JournalEntry>> OwnHead() = 0;
  // How many of this server's own entries come after id `after`.
  virtual Result<int64_t> CountOwnEntriesAfter(int64_t after) = 0;

  // Master data changes after `seq`, oldest first, at most `limit`.
  virtual Result<std::vector<MasterChange>> MasterChanges(int64_t after, int limit) = 0;
  // The rate of `currency` set for exactly `date`.
  virtual Result<std::optional<Rate>> FindRate(const std::string& currency, Date date) = 0;
  // Master data as a hub sends it, stored under its code (inserted, or
  // changed in place). Recipients keep their personal data sealed here.
  // Each returns the record's id here.
  virtual Result<int32_t> PutWarehouse(const Warehouse& w) = 0;
  virtual Result<int32_t> PutDonor(const Donor& d) = 0;
  virtual Result<int32_t> PutAccount(const Account& a) = 0;
  virtual Result<int32_t> PutRecipient(const Recipient& r) = 0;
};

}  // namespace zapas
