// What a site sends its hub: a batch of its journal entries as it stored them
// (its own ids, hashes and links), with the codes behind the ids they use and
// the lots they move, in JSON. One codec for both ends (the site encodes, the
// hub decodes, checks and keeps each entry's text), so the hub can recompute
// every hash from what it holds. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/json.h"
#include "domain/status.h"
#include "persistence/repository.h"

namespace zapas {

// A lot as the site knows it: its id there, and its item and donor by code.
// A lot the site holds from another site (`lot.site` set) is named by that
// site's code and id.
struct WireLot {
  Lot lot;  // item_id and donor_id are the site's; use sku and donor
  std::string sku;
  std::string donor;
};

struct SyncBatch {
  std::string site;      // the sender's code
  std::string instance;  // the sender's database identity
  // The sender's own last entry, whether or not the batch holds it: a site
  // whose chain ends before what the hub holds of it was restored from an
  // older copy.
  int64_t head_id = 0;
  std::string head_hash;
  // The site's ids of the warehouses, accounts and donors its entries name.
  std::map<int32_t, std::string> warehouses, accounts, donors;
  std::vector<WireLot> lots;
  std::vector<Recipient> recipients;  // made at the site, personal data in clear
  std::vector<JournalEntry> entries;  // in the site's order
  // Entries of other sites the batch's entries refer to (an arrival, its
  // transfer): the sender's id of each -> that site and its id there.
  std::map<int64_t, std::pair<std::string, int64_t>> refers;
};

// A lot: {"id", "sku", "batch", "expiry", "unit_value", "currency", "donor",
// "booked_rate", "booked_rate_day", "kit", "site", "site_lot"}.
void WriteWireLot(JsonWriter& w, const WireLot& lot);
Result<WireLot> ReadWireLot(const JsonValue& v);

// One entry: {"id", "kind", "number", "date", "recorded_at", "recorded_by",
// "refers_to", "document", "postings": [[warehouse, lot, day, quantity]],
// "money": [[ledger account, account, donor, currency, amount, uah]],
// "prev_hash", "hash"}; every number an integer.
std::string EncodeEntry(const JournalEntry& e);
Result<JournalEntry> DecodeEntry(const JsonValue& v);

std::string EncodeBatch(const SyncBatch& batch);
// kInvalid naming what does not read.
Result<SyncBatch> DecodeBatch(std::string_view body);

// The integer member `key` of `v`; kInvalid naming it otherwise.
Result<int64_t> IntMember(const JsonValue& v, std::string_view key);

}  // namespace zapas
