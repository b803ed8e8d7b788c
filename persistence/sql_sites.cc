// The statements of sites and the alliance hub, the same for both databases
// (persistence/site_store.h).
#include "persistence/row_readers.h"
#include "persistence/sql_repository.h"

namespace zapas {

namespace {

constexpr const char* kSiteColumns =
    "code, name, token_hash, instance, created_at, head_id, head_hash, entries, last_sync_at";

SiteRecord SiteFrom(const SqlRow& r) {
  return SiteRecord{.code = r.Text(0),
                    .name = r.Text(1),
                    .token_hash = r.Text(2),
                    .instance = r.Text(3),
                    .created_at = r.Text(4),
                    .head_id = r.Int(5),
                    .head_hash = r.Text(6),
                    .entries = r.Int(7),
                    .last_sync_at = r.Text(8)};
}

constexpr const char* kTokenContext = "site_state.token";

}  // namespace

Status SqlRepository::InsertSite(const SiteRecord& s) {
  return Query("INSERT INTO sites (code, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
               SqlParams().Text(s.code).Text(s.name).Text(s.token_hash).Text(s.created_at), nullptr,
               "site " + s.code)
      .status();
}

Result<std::optional<SiteRecord>> SqlRepository::FindSite(const std::string& code) {
  return First<SiteRecord>(std::string("SELECT ") + kSiteColumns + " FROM sites WHERE code = $1",
                           SqlParams().Text(code), SiteFrom, "reading sites");
}

Result<std::optional<SiteRecord>> SqlRepository::FindSiteByToken(const std::string& token_hash) {
  if (token_hash.empty()) return std::optional<SiteRecord>();
  return First<SiteRecord>(
      std::string("SELECT ") + kSiteColumns + " FROM sites WHERE token_hash = $1",
      SqlParams().Text(token_hash), SiteFrom, "reading sites");
}

Result<std::vector<SiteRecord>> SqlRepository::ListSites() {
  return Rows<SiteRecord>(std::string("SELECT ") + kSiteColumns + " FROM sites ORDER BY code",
                          SqlParams(), SiteFrom, "reading sites");
}

Status SqlRepository::SetSiteToken(const std::string& code, const std::string& token_hash) {
  ZAPAS_ASSIGN_OR_RETURN(
      int64_t changed,
      Query("UPDATE sites SET token_hash = $2, instance = '' WHERE code = $1",
            SqlParams().Text(code).Text(token_hash), nullptr, "setting a site's token"));
  if (changed == 0) return Status::NotFound("no site " + code);
  return Status::Ok();
}

Status SqlRepository::UpdateSiteHead(const SiteRecord& s) {
  return Query(
             "UPDATE sites SET head_id = $2, head_hash = $3, entries = $4, last_sync_at = $5, "
             "instance = $6 WHERE code = $1",
             SqlParams()
                 .Text(s.code)
                 .Int(s.head_id)
                 .Text(s.head_hash)
                 .Int(s.entries)
                 .Text(s.last_sync_at)
                 .Text(s.instance),
             nullptr, "updating a site")
      .status();
}

Status SqlRepository::SetWarehouseSite(const std::string& code, const std::string& site) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t changed,
                         Query("UPDATE warehouses SET site = $2 WHERE code = $1",
                               SqlParams().Text(code).Text(site), nullptr, "warehouse " + code));
  if (changed == 0) return Status::NotFound("no warehouse " + code);
  return Status::Ok();
}

Status SqlRepository::SetAccountSite(const std::string& code, const std::string& site) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t changed,
                         Query("UPDATE accounts SET site = $2 WHERE code = $1",
                               SqlParams().Text(code).Text(site), nullptr, "account " + code));
  if (changed == 0) return Status::NotFound("no account " + code);
  return Status::Ok();
}

Status SqlRepository::StoreSiteBody(const std::string& site, int64_t site_id, int64_t entry_id,
                                    const std::string& body) {
  return Query("INSERT INTO site_entries (site, site_id, entry_id, body) VALUES ($1, $2, $3, $4)",
               SqlParams().Text(site).Int(site_id).Int(entry_id).Text(body), nullptr,
               "entry " + std::to_string(site_id) + " of site " + site)
      .status();
}

Result<std::optional<SqlRepository::SiteBody>> SqlRepository::FindSiteBody(const std::string& site,
                                                                           int64_t site_id) {
  return First<SiteBody>(
      "SELECT site_id, entry_id, body FROM site_entries WHERE site = $1 AND site_id = $2",
      SqlParams().Text(site).Int(site_id),
      [](const SqlRow& r) {
        return SiteBody{r.Int(0), r.Int(1), r.Text(2)};
      },
      "reading a site's entries");
}

Result<std::optional<SqlRepository::SiteBody>> SqlRepository::FindSiteBodyOfEntry(
    int64_t entry_id) {
  return First<SiteBody>(
      "SELECT site_id, entry_id, body FROM site_entries WHERE entry_id = $1",
      SqlParams().Int(entry_id),
      [](const SqlRow& r) {
        return SiteBody{r.Int(0), r.Int(1), r.Text(2)};
      },
      "reading a site's entries");
}

Result<std::vector<std::string>> SqlRepository::SitesWithBodies() {
  return Strings("SELECT DISTINCT site FROM site_entries ORDER BY site", "reading sites");
}

Status SqlRepository::ForEachSiteBody(const std::string& site, int64_t after,
                                      const std::function<bool(const SiteBody&)>& visit) {
  constexpr int kPage = 1000;
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(
        std::vector<SiteBody> page,
        Rows<SiteBody>(
            "SELECT site_id, entry_id, body FROM site_entries WHERE site = $1 AND "
            "site_id > $2 ORDER BY site_id LIMIT $3",
            SqlParams().Text(site).Int(after).Int(kPage),
            [](const SqlRow& r) {
              return SiteBody{r.Int(0), r.Int(1), r.Text(2)};
            },
            "reading a site's entries"));
    for (const SiteBody& b : page) {
      if (!visit(b)) return Status::Ok();
      after = b.site_id;
    }
    if (page.size() < kPage) return Status::Ok();
  }
}

Result<std::optional<SiteState>> SqlRepository::LoadSiteState() {
  std::optional<std::string> sealed;
  ZAPAS_ASSIGN_OR_RETURN(
      auto state,
      First<SiteState>(
          "SELECT code, hub, token, instance, pushed, pushed_hash, pulled, pulled_entries, fork, "
          "last_push_at, last_pull_at, last_error, pushed_recipients FROM site_state "
          "WHERE one = 1",
          SqlParams(),
          [&](const SqlRow& r) {
            sealed = r.Text(2);
            return SiteState{.code = r.Text(0),
                             .hub = r.Text(1),
                             .instance = r.Text(3),
                             .pushed = r.Int(4),
                             .pushed_hash = r.Text(5),
                             .pulled = r.Int(6),
                             .pulled_entries = r.Int(7),
                             .pushed_recipients = r.Int(12),
                             .fork = r.Text(8),
                             .last_push_at = r.Text(9),
                             .last_pull_at = r.Text(10),
                             .last_error = r.Text(11)};
          },
          "reading the site's state"));
  if (state) {
    ZAPAS_ASSIGN_OR_RETURN(state->token, cipher_.OpenText(*sealed, kTokenContext));
  }
  return state;
}

Status SqlRepository::SaveSiteState(const SiteState& s) {
  SqlParams p;
  p.Text(s.code).Text(s.hub).Text(cipher_.SealText(s.token, kTokenContext)).Text(s.instance);
  p.Int(s.pushed).Text(s.pushed_hash).Int(s.pulled).Int(s.pulled_entries).Text(s.fork);
  p.Text(s.last_push_at).Text(s.last_pull_at).Text(s.last_error).Int(s.pushed_recipients);
  return Query(
             "INSERT INTO site_state (one, code, hub, token, instance, pushed, pushed_hash, "
             "pulled, pulled_entries, fork, last_push_at, last_pull_at, last_error, "
             "pushed_recipients) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
             "$13) ON CONFLICT (one) DO UPDATE SET "
             "code = excluded.code, hub = excluded.hub, token = excluded.token, instance = "
             "excluded.instance, pushed = excluded.pushed, pushed_hash = excluded.pushed_hash, "
             "pulled = excluded.pulled, pulled_entries = excluded.pulled_entries, fork = "
             "excluded.fork, last_push_at = excluded.last_push_at, last_pull_at = "
             "excluded.last_pull_at, last_error = excluded.last_error, pushed_recipients = "
             "excluded.pushed_recipients",
             p, nullptr, "storing the site's state")
      .status();
}

Result<std::optional<JournalEntry>> SqlRepository::OwnHead() {
  return First<JournalEntry>(std::string("SELECT ") + kEntryColumns +
                                 " FROM journal WHERE site = '' ORDER BY id DESC LIMIT 1",
                             SqlParams(), EntryFrom<SqlRow>, "reading the journal's head");
}

Result<int64_t> SqlRepository::CountOwnEntriesAfter(int64_t after) {
  ZAPAS_ASSIGN_OR_RETURN(auto n, First<int64_t>(
                                     "SELECT COUNT(*) FROM journal WHERE site = '' AND "
                                     "id > $1",
                                     SqlParams().Int(after),
                                     [](const SqlRow& r) { return r.Int(0); }, "counting entries"));
  return n.value_or(0);
}

Result<std::vector<MasterChange>> SqlRepository::MasterChanges(int64_t after, int limit) {
  return Rows<MasterChange>(
      "SELECT seq, kind, key FROM master_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
      SqlParams().Int(after).Int(limit),
      [](const SqlRow& r) {
        return MasterChange{r.Int(0), r.Text(1), r.Text(2)};
      },
      "reading master data changes");
}

Result<std::optional<Rate>> SqlRepository::FindRate(const std::string& currency, Date date) {
  const Currency* c = FindCurrency(currency);
  if (c == nullptr) return std::optional<Rate>();
  return First<Rate>(
      "SELECT uah_per_unit FROM rates WHERE currency = $1 AND day = $2",
      SqlParams().Text(currency).Int(date.days()),
      [&](const SqlRow& r) {
        return Rate{date, c, r.Int(0)};
      },
      "reading rates");
}

Result<std::optional<int32_t>> SqlRepository::UpdatedId(const std::string& sql,
                                                        const SqlParams& params,
                                                        const std::string& what) {
  ZAPAS_ASSIGN_OR_RETURN(auto id, First<int64_t>(
                                      sql, params, [](const SqlRow& r) { return r.Int(0); }, what));
  if (!id) return std::optional<int32_t>();
  return std::optional<int32_t>(static_cast<int32_t>(*id));
}

Result<int32_t> SqlRepository::PutWarehouse(const Warehouse& w) {
  ZAPAS_ASSIGN_OR_RETURN(
      auto id, UpdatedId("UPDATE warehouses SET name = $2, region = $3, site = $4 WHERE code = $1 "
                         "RETURNING id",
                         SqlParams().Text(w.code).Text(w.name).Text(w.region).Text(w.site),
                         "warehouse " + w.code));
  if (id) return *id;
  return InsertWarehouse(w);
}

Result<int32_t> SqlRepository::PutDonor(const Donor& d) {
  ZAPAS_ASSIGN_OR_RETURN(
      auto id, UpdatedId("UPDATE donors SET name = $2, country = $3, email = $4, language = $5 "
                         "WHERE code = $1 RETURNING id",
                         SqlParams().Text(d.code).Text(d.name).Text(d.country).Text(d.email).Text(
                             d.language),
                         "donor " + d.code));
  if (id) return *id;
  return InsertDonor(d);
}

Result<int32_t> SqlRepository::PutAccount(const Account& a) {
  ZAPAS_ASSIGN_OR_RETURN(
      auto id, UpdatedId("UPDATE accounts SET name = $2, site = $3 WHERE code = $1 RETURNING id",
                         SqlParams().Text(a.code).Text(a.name).Text(a.site), "account " + a.code));
  if (id) return *id;
  return InsertAccount(a);
}

Result<int32_t> SqlRepository::PutRecipient(const Recipient& r) {
  // A recipient's code, kind and data are set once, where it was made: a
  // copy that is here already stays as it is.
  ZAPAS_ASSIGN_OR_RETURN(auto id, UpdatedId("SELECT id FROM recipients WHERE code = $1",
                                            SqlParams().Text(r.code), "recipient " + r.code));
  if (id) return *id;
  return InsertRecipient(r);
}

}  // namespace zapas
