#include "services/app/verify.h"

#include <map>

#include "domain/books.h"
#include "domain/stock_index.h"
#include "persistence/journal_hash.h"

namespace zapas {

Result<VerifyReport> VerifyJournal(Repository& repo) {
  VerifyReport report;
  std::string prev;
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
    if (e.prev_hash != prev) return fail("its previous hash does not link to the entry before it");
    if (Sha256(CanonicalEntry(e, prev)) != e.hash)
      return fail("its hash does not match its content");
    if (!e.money.empty()) {
      Status balanced = CheckBalanced(e.money);
      if (!balanced.ok()) return fail(balanced.message());
    }
    for (const Posting& p : e.postings) {
      auto key = std::make_pair(p.warehouse_id, p.lot_id);
      stock[key][p.date.days()] += p.delta;
      first_entry.try_emplace(key, e.id);
    }
    prev = e.hash;
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
