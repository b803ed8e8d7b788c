// The history of documents (GET /documents) and the state of the journal's
// hash chain (GET /journal/verify) for the screens.
#include "services/app/history.h"
#include "services/app/verify.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ListDocuments(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(int64_t after, EntryCursor(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(Repository::DocumentQuery q,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return ReadHistoryQuery(c.request.query, c.who, catalog);
                         }));
  if (after > 0) q.before = after;
  q.limit = limit + 1;  // one more tells whether another page follows
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto rows, conn->ListDocuments(q));
  return PageReply(std::move(rows), limit, WriteDocumentSummary,
                   IdCursor<Repository::DocumentSummary>);
}

// What `zapas verify` says, for the auditor's screen: {"ok": true, "entries",
// "head"}, or {"ok": false, "problem"} naming the first bad entry.
Result<Reply> Api::VerifyChain(Call&) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  Result<VerifyReport> report = VerifyJournal(*conn);
  JsonWriter w;
  w.BeginObject();
  if (report.ok()) {
    w.Field("ok", true)
        .Field("entries", std::to_string(report->entries))
        .Field("head", report->head);
  } else if (report.status().code() == StatusCode::kConflict) {
    w.Field("ok", false).Field("problem", report.status().message());
  } else {
    return report.status();
  }
  w.EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas
