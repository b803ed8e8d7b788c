// The alliance hub: its registry of sites, and what it does with what they
// send.
//
// An admin registers a site with the warehouses and accounts it alone will
// write (POST /sites, `zapas site add`), and gets its token once; the hub
// keeps only the token's SHA-256. A site pushes its journal in batches
// (POST /sync/journal): the hub accepts a batch only when it continues the
// chain it holds of that site — each entry's link to the one before and its
// hash recomputed from its content — stores each new entry twice, as the site
// sent it (its own ids, so `zapas verify` can recompute every hash) and as a
// journal entry of that site in the hub's own terms (its warehouses, lots,
// accounts and donors by the hub's ids), and so the hub's stock, books and
// reports cover every site without a line of their own. An entry it holds
// already is skipped (a batch sent twice is stored once); one that differs
// from what it holds, or does not link, is a fork: 409 naming the entry, and
// nothing is stored. The sites pull master data from the hub's change log
// (MasterChangesJson), a cursor at a time.
#pragma once

#include <string>
#include <vector>

#include "services/app/json_input.h"
#include "services/app/store.h"
#include "services/app/sync_wire.h"

namespace zapas {

// POST /sites: {"code", "name", "warehouses": [codes], "accounts": [codes]}.
struct NewSite {
  std::string code, name;
  std::vector<std::string> warehouses, accounts;
};
std::optional<NewSite> ReadNewSite(FieldReader& in);
// 201 {"code", "name", "warehouses", "accounts", "token"}: the token is shown
// this once. kConflict when the code is taken or a warehouse or account is
// another site's already.
WriteWork RegisterSiteWork(NewSite site);
// A new token for a site (201 {"code", "token"}; the old one stops, and the
// next database to push with the new one is the site: a site on new
// hardware), or none (200 {"code", "revoked": true}: a lost site).
WriteWork NewSiteTokenWork(std::string code);
WriteWork RevokeSiteTokenWork(std::string code);

// The site whose token `token` is; kUnauthenticated otherwise.
Result<SiteRecord> SiteOfToken(Repository& repo, const std::string& token);
// SHA-256 hex of a site token: what the hub stores.
std::string SiteTokenHash(const std::string& token);

// POST /sync/journal: 200 {"site", "head": {"id", "hash"}, "stored",
// "duplicates"}. kConflict when another database pushes as the site or the
// chains fork (the error "fork_at" names the site's entry); kInvalid when an
// entry's hash does not match its content or names what the hub does not
// know.
WriteWork AcceptBatchWork(std::string site, SyncBatch batch);

// GET /sync/changes?after=: {"changes": [{"seq", "kind", "key", "data"}],
// "next", "more"}: what changed after `after`, each record as it is now, for
// site `site` (a user with its password hash; a recipient with its personal
// data, unless another site registered it; data null when it is gone), at
// most `limit`.
Result<std::string> MasterChangesJson(Repository& repo, const Catalog& catalog,
                                      const std::string& site, int64_t after, int limit);

// GET /sync/entries?after=: what other sites wrote that a site must hold:
// {"entries": [{"id", "site", "body", "refers": {"site", "id"} | null,
// "postings": [[warehouse code, lot, day, quantity]]}], "next", "more"}, in
// the hub's journal order from after `after`. An entry goes to site `site`
// with the postings of its warehouses (a transfer dispatched to one of them,
// into its transit location), and an arrival at another site of a transfer
// `site` dispatched with the postings that take it out of transit. Each
// `body` is the entry as its site sent it; each lot as WireLot writes it.
Result<std::string> EntriesForSiteJson(Repository& repo, const Catalog& catalog,
                                       const std::string& site, int64_t after, int limit);

// GET /sync/status on the hub: {"role": "hub", "sites": [{"code", "name",
// "head": {"id", "hash"}, "entries", "last_sync_at", "token"}]}.
Result<std::string> HubStatusJson(Repository& repo);

}  // namespace zapas
