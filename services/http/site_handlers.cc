// The endpoints of sites and the alliance hub: the hub's registry (admin),
// what sites push and pull (authenticated by a site's token, not a user's),
// and the sync status of either.
#include <Poco/InflatingStream.h>

#include <sstream>

#include "services/app/hub.h"
#include "services/app/site_sync.h"
#include "services/http/api.h"

namespace zapas {

namespace {

// A batch inflated may be at most this large (its entries are bounded too).
constexpr size_t kMaxBatchBytes = size_t{256} << 20;

// `bytes` gunzipped; kMalformed when it is not gzip, or inflates beyond `limit`.
Result<std::string> Gunzip(const std::string& bytes, size_t limit) {
  try {
    std::istringstream in(bytes);
    Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::string out;
    char buffer[65536];
    while (inflate.read(buffer, sizeof buffer) || inflate.gcount() > 0) {
      out.append(buffer, static_cast<size_t>(inflate.gcount()));
      if (out.size() > limit) return Status::Malformed("the batch inflates beyond its limit");
    }
    return out;
  } catch (const Poco::Exception& e) {
    return Status::Malformed("the batch is not gzip: " + e.displayText());
  }
}

}  // namespace

Result<Reply> Api::NewSiteToken(Call& c) { return Write(c, NewSiteTokenWork(c.params[0])); }

Result<Reply> Api::RevokeSiteToken(Call& c) { return Write(c, RevokeSiteTokenWork(c.params[0])); }

Result<Reply> Api::SyncJournal(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(SiteRecord site, SiteOfSync(c));
  std::string inflated;
  if (c.request.content_encoding == "gzip") {
    ZAPAS_ASSIGN_OR_RETURN(inflated, Gunzip(c.request.body, kMaxBatchBytes));
  }
  ZAPAS_ASSIGN_OR_RETURN(SyncBatch batch,
                         DecodeBatch(inflated.empty() ? c.request.body : inflated));
  // The site's entries are its own: no user wrote them here, and no
  // idempotency key is needed (an entry the hub holds is skipped).
  const Principal who{.username = "site:" + site.code, .role = Role::kAdmin};
  ZAPAS_ASSIGN_OR_RETURN(Written written,
                         store_.Write(who, "", "", AcceptBatchWork(site.code, std::move(batch))));
  return Reply{200, std::move(written.json)};
}

Result<Reply> Api::SyncChanges(Call& c) { return SiteFeed(c, MasterChangesJson); }

Result<Reply> Api::SyncEntries(Call& c) { return SiteFeed(c, EntriesForSiteJson); }

Result<Reply> Api::SiteFeed(Call& c, SiteFeedReader feed) {
  ZAPAS_ASSIGN_OR_RETURN(SiteRecord site, SiteOfSync(c));
  ZAPAS_ASSIGN_OR_RETURN(int64_t after, EntryCursor(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string json,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return feed(*conn, catalog, site.code, after, limit);
                         }));
  return Reply{200, std::move(json)};
}

Result<Reply> Api::SyncStatus(Call&) {
  if (site_sync_ != nullptr) {
    ZAPAS_ASSIGN_OR_RETURN(std::string json, site_sync_->StatusJson());
    return Reply{200, std::move(json)};
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string json, HubStatusJson(*conn));
  return Reply{200, std::move(json)};
}

// POST /sync at a site: one round now, as the server does every
// sync.interval seconds: 200 {"pushed", "pending", "pulled"}; 503 when the
// hub does not answer, 409 when it refused the site's journal.
Result<Reply> Api::SyncNow(Call&) {
  if (site_sync_ == nullptr) {
    return Status::Conflict("this server is no site of an alliance: it has nothing to sync");
  }
  ZAPAS_ASSIGN_OR_RETURN(SiteSync::Outcome done, site_sync_->SyncOnce());
  JsonWriter w;
  w.BeginObject().Field("pushed", done.pushed).Field("pending", done.pending);
  w.Field("pulled", done.pulled).EndObject();
  return Reply{200, w.Take()};
}

Result<SiteRecord> Api::SiteOfSync(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  return SiteOfToken(*conn, BearerToken(c.request.authorization));
}

}  // namespace zapas
