// The journal as it is stored, with its hash chain: GET /journal for auditors,
// and GET /verify/{hash} for anyone holding a printed document.
#include "persistence/journal_hash.h"
#include "services/api.h"

namespace zapas {

Result<Reply> Api::ListJournal(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  int64_t after = 0;
  if (auto it = c.request.query.find("after"); it != c.request.query.end() && !it->second.empty()) {
    const std::string& s = it->second;
    if (s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Field("after", "is not a cursor returned by this endpoint");
    }
    after = std::stoll(s);
  }
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
        .Field("hash", e.hash)
        .EndObject();
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
