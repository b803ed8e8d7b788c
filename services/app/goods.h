// The books' view of the stock journal: each stock entry's money postings,
// valued by domain/goods_books.h, with the other side named after the entry
// (a delivery's recipient kind, an adjustment's reason).
#pragma once

#include <functional>
#include <vector>

#include "domain/goods_books.h"
#include "domain/report.h"
#include "persistence/repository.h"

namespace zapas {

// A stored entry as a report names it.
EntryRef RefOf(const JournalEntry& entry);
EntryRef RefOf(const MoneyRow& row);

// Visits every stock entry dated on or before `to` that moves value, in
// journal order, with its money postings and, for a delivery, the recipient
// its document names (nullptr for other entries, or one the catalog does not
// know). An entry whose value cannot be
// computed (an amount beyond domain/limits.h, stored before Zapas refused
// them) is not visited: `excluded`, when given, gets it with the reason, and
// the valuation of the other entries goes on. kInvalid (field "to", naming
// the entry) when a rate is missing.
Status ForEachGoodsEntry(
    Repository& repo, const Catalog& catalog, const RateTable& rates, Date to,
    const std::function<void(const JournalEntry& entry, const Recipient* delivered_to,
                             const std::vector<MoneyPosting>& postings)>& visit,
    const std::function<void(const JournalEntry& entry, const std::string& reason)>& excluded = {});

}  // namespace zapas
