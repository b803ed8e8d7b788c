// Kits: items made of other items (a first-aid kit of a tourniquet, bandages
// and gauze), assembled in a warehouse from lots of several donors.
//
// An assembly makes one kit lot and records its composition (KitComposition
// on the Lot): for all `of` thousandths of kits made, how much of each
// component lot went in. Whatever later happens to the kit lot happens to its
// parts in proportion, by one rule: while `held` thousandths of the lot exist
// (in every warehouse together, on a date), a part of `milli` thousandths is
// floor(milli * held / of) of it. So a kit lot delivered in full delivers
// exactly its parts, a partial delivery the parts' floor share, and the
// parts of every step add up to the whole. Held beyond `of` (kits found by a
// count) carries no parts. The books, the donor report, IATI and HXL expand a
// kit lot's postings into its parts with KitHoldings, so a delivered kit is
// attributed to its components' donors; Ledger::PlanDisassembly puts back
// the same shares. Pure; thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.h"
#include "domain/stock_index.h"

namespace zapas {

// floor(part_milli * held / of) with held clamped to [0, of], exact in 128 bits.
int64_t KitShare(int64_t part_milli, int64_t of, int64_t held);

// How a composition is stored beside its lot: "of:lot=milli,lot=milli".
std::string EncodeKitComposition(const KitComposition& kit);
// kInternal when `text` is not such a string.
Result<KitComposition> DecodeKitComposition(std::string_view text);

// Replaces the postings of kit lots with postings of their parts, following
// how much of each kit lot is held as entries are read in the journal's date
// order (the order in which the books read them).
class KitHoldings {
 public:
  explicit KitHoldings(const Catalog& catalog) : catalog_(catalog) {}

  // `postings` with every posting of a kit lot replaced by its parts' change,
  // in the same warehouse and on the same date; other postings as they are.
  // Advances the holdings. `changed` tells whether any kit lot was among them.
  std::vector<Posting> Expand(const std::vector<Posting>& postings, bool* changed = nullptr);

 private:
  const Catalog& catalog_;
  std::map<int32_t, int64_t> held_;  // kit lot -> thousandths held
};

}  // namespace zapas
