#include "services/app/goods.h"

#include <map>
#include <optional>

#include "domain/journal_document.h"
#include "domain/kits.h"

namespace zapas {

EntryRef RefOf(const JournalEntry& e) { return EntryRef{e.id, e.number, e.kind, e.date}; }
EntryRef RefOf(const MoneyRow& row) {
  return EntryRef{row.entry_id, row.number, row.kind, row.date};
}

Status ForEachGoodsEntry(
    Repository& repo, const Catalog& catalog, const RateTable& rates, Date to,
    const std::function<void(const JournalEntry& entry, const Recipient* delivered_to,
                             const std::vector<MoneyPosting>& postings)>& visit,
    const std::function<void(const JournalEntry& entry, const std::string& reason)>& excluded) {
  GoodsValuation valuation(catalog, rates);
  // A kit lot's postings move its components' value (domain/kits.h).
  KitHoldings kits(catalog);
  // The counters of every entry seen, so a reversal can undo its original.
  std::map<int64_t, std::pair<std::string, std::string>> counters;  // id -> (in, out)
  Status failed = Status::Ok();
  Status read = repo.ForEachStockEntry(to, [&](const JournalEntry& stored) {
    if (!failed.ok()) return;
    bool has_kits = false;
    std::vector<Posting> expanded = kits.Expand(stored.postings, &has_kits);
    std::optional<JournalEntry> copy;
    if (has_kits) {
      copy = stored;
      copy->postings = std::move(expanded);
    }
    const JournalEntry& e = copy ? *copy : stored;
    GoodsEvent event;
    const Recipient* delivered_to = nullptr;
    event.date = e.date;
    event.postings = e.postings;
    if (e.kind == "receipt") {
      event.in_counter = kInKindMarker;
    } else if (e.kind == "delivery" || e.kind == "adjustment") {
      auto doc = DecodeMovement(e.kind, e.document);
      if (!doc.ok()) {
        failed = doc.status();
        return;
      }
      if (e.kind == "delivery") {
        delivered_to = catalog.RecipientByCode(doc->recipient);
        event.out_counter =
            "expenses:distributed:" +
            std::string(delivered_to ? RecipientKindName(delivered_to->kind) : "unknown");
      } else {
        event.out_counter = "expenses:written-off:" + doc->reason;
        event.in_counter = kStockCountMarker;
      }
    } else if (e.kind == "return") {
      // Goods back from a recipient: out of the distributed account they
      // went to, back into stock.
      auto doc = DecodeMovement(e.kind, e.document);
      if (!doc.ok()) {
        failed = doc.status();
        return;
      }
      const Recipient* from = catalog.RecipientByCode(doc->recipient);
      event.in_counter =
          "expenses:distributed:" + std::string(from ? RecipientKindName(from->kind) : "unknown");
      // Named by its delivery, the recipient comes from there (the donor
      // report undoes that delivery's reach); else it is the return's own.
      if (e.refers_to == 0) delivered_to = from;
    } else if (e.kind == "arrival") {
      // What a transfer between sites lost on its way.
      event.out_counter = "expenses:written-off:transit-shortage";
    } else if (e.kind == "reversal") {
      auto it = counters.find(e.refers_to);
      if (it != counters.end()) {
        event.in_counter = it->second.second;
        event.out_counter = it->second.first;
      }
    }
    // At a site, another site's entry is held only in what touched this one
    // (goods sent here, or sent from here and received there): its goods
    // come from, or go to, the sites between them.
    if (!e.site.empty() && !catalog.site().empty()) {
      event.in_counter = event.out_counter = "assets:goods-between-sites";
    }
    counters[e.id] = {event.in_counter, event.out_counter};
    auto postings = valuation.Book(event);
    if (!postings.ok() && postings.status().code() == StatusCode::kOutOfRange) {
      if (excluded) excluded(e, postings.status().message());
      return;
    }
    if (!postings.ok()) {
      failed = Status::Field("to", e.number + ": " + postings.status().message());
      return;
    }
    if (!postings->empty()) visit(e, delivered_to, *postings);
  });
  ZAPAS_RETURN_IF_ERROR(read);
  return failed;
}

}  // namespace zapas
