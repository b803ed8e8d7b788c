#include "services/app/verify.h"

#include <map>

#include "domain/books.h"
#include "domain/stock_index.h"
#include "persistence/journal_hash.h"
#include "services/app/sync_wire.h"

namespace zapas {

namespace {

// Other sites' entries as this server holds them, each as its site sent it:
// its hash recomputed from its content; and, at a hub, which holds every
// entry of its registered sites, each linked to the one before up to the
// head held. (A site holds only the entries of others that touched it.)
// Fills `copies` with the hash each journal copy must carry.
Status VerifySiteChains(Repository& repo, std::map<int64_t, std::string>& copies,
                        int64_t& entries) {
  ZAPAS_ASSIGN_OR_RETURN(std::vector<std::string> sites, repo.SitesWithBodies());
  for (const std::string& code : sites) {
    ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteRecord> registered, repo.FindSite(code));
    std::string prev;
    Status bad = Status::Ok();
    ZAPAS_RETURN_IF_ERROR(repo.ForEachSiteBody(code, 0, [&](const SiteStore::SiteBody& b) {
      Result<JsonValue> v = ParseJson(b.body);
      Result<JournalEntry> e = v.ok() ? DecodeEntry(*v) : Result<JournalEntry>(v.status());
      const std::string name = "entry " + std::to_string(b.site_id) + " of site " + code;
      if (!e.ok()) {
        bad = Status::Conflict(name + " does not read: " + e.status().message());
      } else if (registered && e->prev_hash != prev) {
        bad = Status::Conflict(name + ": its previous hash does not link to the entry before it");
      } else if (Sha256(CanonicalEntry(*e, e->prev_hash)) != e->hash) {
        bad = Status::Conflict(name + ": its hash does not match its content");
      }
      if (!bad.ok()) return false;
      copies[b.entry_id] = e->hash;
      prev = e->hash;
      ++entries;
      return true;
    }));
    ZAPAS_RETURN_IF_ERROR(bad);
    if (registered && prev != registered->head_hash) {
      return Status::Conflict("site " + code + ": its chain does not end at the head held");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> VerifyJournal(Repository& repo) {
  VerifyReport report;
  std::map<int64_t, std::string> copies;  // journal id -> the site's hash
  ZAPAS_RETURN_IF_ERROR(VerifySiteChains(repo, copies, report.site_entries));
  ZAPAS_ASSIGN_OR_RETURN(std::optional<SiteState> site, repo.LoadSiteState());
  const bool hub = !site;  // holds whole chains of others, not what touched it
  std::string prev;
  std::map<std::string, std::string> site_prev;  // each other site's last hash seen
  Status bad = Status::Ok();
  // Per (warehouse, lot): the dated deltas, to replay after the chain.
  std::map<std::pair<int32_t, int32_t>, std::map<int32_t, int64_t>> stock;
  std::map<std::pair<int32_t, int32_t>, int64_t> first_entry;  // for naming a negative lot
  ZAPAS_RETURN_IF_ERROR(repo.ForEachEntry(0, [&](const JournalEntry& e) {
    const std::string name =
        "entry " + std::to_string(e.id) + (e.number.empty() ? "" : " (" + e.number + ")");
    auto fail = [&](const std::string& why) {
      bad = Status::Conflict(name + ": " + why);
      return false;
    };
    // This server's own chain, and (at a hub) each site's beside it.
    std::string& before = e.site.empty() ? prev : site_prev[e.site];
    if ((e.site.empty() || hub) && e.prev_hash != before) {
      return fail("its previous hash does not link to the entry before it");
    }
    if (e.site.empty()) {
      if (Sha256(CanonicalEntry(e, prev)) != e.hash) {
        return fail("its hash does not match its content");
      }
    } else if (auto it = copies.find(e.id); it == copies.end() || it->second != e.hash) {
      return fail("it is not the entry site " + e.site + " sent");
    }
    if (!e.money.empty()) {
      Status balanced = CheckBalanced(e.money);
      if (!balanced.ok()) return fail(balanced.message());
    }
    for (const Posting& p : e.postings) {
      auto key = std::make_pair(p.warehouse_id, p.lot_id);
      stock[key][p.date.days()] += p.delta;
      first_entry.try_emplace(key, e.id);
    }
    before = e.hash;
    ++report.entries;
    return true;
  }));
  ZAPAS_RETURN_IF_ERROR(bad);
  for (const auto& [key, days] : stock) {
    int64_t running = 0;
    for (const auto& [day, delta] : days) {
      running += delta;
      if (running < 0) {
        return Status::Conflict("lot " + std::to_string(key.second) + " in warehouse " +
                                std::to_string(key.first) + " is negative on " +
                                Date::FromDays(day).ToString() + " (first moved by entry " +
                                std::to_string(first_entry[key]) + ")");
      }
    }
  }
  report.head = prev;
  return report;
}

}  // namespace zapas
