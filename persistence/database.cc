// What every backend shares: choosing the backend from the database's
// location, the clock of stored timestamps, and rebuilding the derived state.
#include <ctime>

#include "persistence/repository.h"
#include "persistence/repository_support.h"

namespace zapas {

std::string NowRfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsPostgresUrl(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Repository>> OpenDatabase(const DatabaseOptions& options) {
  return IsPostgresUrl(options.path) ? OpenPostgres(options) : OpenSqlite(options);
}

Status LoadStockState(Repository& repo, Catalog& catalog, StockIndex& index, size_t* postings) {
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));
  size_t count = 0;
  Status bad = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(repo.ForEachPosting([&](const Posting& p) {
    ++count;
    const Lot* lot = catalog.LotById(p.lot_id);
    if (lot == nullptr) {
      if (bad.ok()) bad = Status::Internal("posting of unknown lot " + std::to_string(p.lot_id));
      return;
    }
    index.Apply(p, lot->item_id, lot->expiry);
  }));
  ZAPAS_RETURN_IF_ERROR(bad);
  if (postings != nullptr) *postings = count;
  return Status::Ok();
}

}  // namespace zapas
