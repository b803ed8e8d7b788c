// The journal as it is stored, with its hash chain: GET /journal for auditors,
// GET /verify/{hash} for anyone holding a printed document, and the list of
// deliveries (GET /deliveries) for proof of delivery.
#include "persistence/journal_hash.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ListJournal(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(int64_t after, EntryCursor(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  int written = 0;
  bool more = false;
  int64_t last = after;
  ZAPAS_RETURN_IF_ERROR(conn->ForEachEntry(after, [&](const JournalEntry& e) {
    if (written == limit) {
      more = true;
      return false;
    }
    w.BeginObject()
        .Field("id", std::to_string(e.id))
        .Field("kind", e.kind)
        .NullableField("number", e.number)
        .Field("date", e.date.ToString())
        .Field("recorded_at", e.recorded_at)
        .Field("recorded_by", e.recorded_by)
        .NullableField("refers_to", e.refers_to ? std::to_string(e.refers_to) : "")
        .Key("document")
        .Raw(e.document)
        .Field("prev_hash", e.prev_hash)
        .Field("hash", e.hash);
    // Another site's entry (a hub's copy): the chain it is on.
    if (!e.site.empty()) w.Field("site", e.site);
    w.EndObject();
    last = e.id;
    ++written;
    return true;
  }));
  w.EndArray().Key("next");
  if (more) {
    w.String(std::to_string(last));
  } else {
    w.Null();
  }
  w.EndObject();
  return Reply{200, w.Take()};
}

Result<int64_t> PathId(const std::string& text, const char* noun) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::NotFound(std::string("no ") + noun + " " + text.substr(0, 40));
  }
  return std::stoll(text);
}

Result<int64_t> EntryCursor(const std::map<std::string, std::string>& query) {
  auto it = query.find("after");
  if (it == query.end() || it->second.empty()) return int64_t{0};
  const std::string& s = it->second;
  if (s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Field("after", "is not a cursor returned by this endpoint");
  }
  return std::stoll(s);
}

// Deliveries in id order, each with its waybill, date, warehouse, recipient
// code and whether it is confirmed: what a proof-of-delivery screen needs to
// offer a choice, without lines and without personal data.
Result<Reply> Api::ListDeliveries(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(int64_t after, EntryCursor(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  // One more than the page tells whether another page follows. A user
  // limited to some warehouses sees only their deliveries: the rows of others
  // are skipped, reading on until the page is full.
  std::vector<Repository::DeliverySummary> rows;
  for (int64_t from = after;;) {
    ZAPAS_ASSIGN_OR_RETURN(auto read, conn->ListDeliveries(from, limit + 1));
    for (auto& d : read) {
      if (rows.size() > static_cast<size_t>(limit)) break;
      if (c.who.MayUseWarehouse(d.warehouse)) rows.push_back(std::move(d));
    }
    if (rows.size() > static_cast<size_t>(limit) || read.size() <= static_cast<size_t>(limit)) {
      break;
    }
    from = read.back().id;
  }
  return PageReply(
      std::move(rows), limit,
      [](JsonWriter& w, const Repository::DeliverySummary& d) {
        w.BeginObject()
            .Field("id", std::to_string(d.id))
            .Field("waybill", d.waybill)
            .Field("date", d.date.ToString())
            .Field("warehouse", d.warehouse)
            .Field("recipient", d.recipient)
            .Field("confirmed", d.confirmed)
            .EndObject();
      },
      IdCursor<Repository::DeliverySummary>);
}

Result<Reply> Api::VerifyDocument(Call& c) {
  std::string hash = c.params.at(0);
  for (char& ch : hash) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto entry, conn->FindEntryByHash(hash));
  if (!entry) {
    return Status::NotFound("no record matches " + c.params.at(0).substr(0, 64) +
                            ": the document does not match the journal");
  }
  JsonWriter w;
  w.BeginObject()
      .Field("valid", true)
      .Field("kind", entry->kind)
      .NullableField("number", entry->number)
      .Field("date", entry->date.ToString())
      .Field("hash", entry->hash)
      .EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas
