#include "services/app/transit.h"

#include "domain/journal_document.h"
#include "domain/json.h"

namespace zapas {

Result<std::string> IncomingTransfersJson(Repository& repo, const Catalog& catalog,
                                          const Principal& who) {
  // Dispatched goods wait in the transit locations of this site's warehouses.
  JournalStore::DocumentQuery q{.kinds = {"transfer"}, .limit = 1000};
  for (const Warehouse& w : catalog.warehouses()) {
    if (w.id == 0 || IsTransit(w) || !catalog.Owns(w) || !who.MayUseWarehouse(w.code)) continue;
    if (catalog.WarehouseByCode(TransitCode(w.code)) != nullptr) {
      q.warehouses.push_back(TransitCode(w.code));
    }
  }
  JsonWriter out;
  out.BeginObject().Key("items").BeginArray();
  if (!q.warehouses.empty()) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<JournalStore::DocumentSummary> found, repo.ListDocuments(q));
    for (const JournalStore::DocumentSummary& d : found) {
      ZAPAS_ASSIGN_OR_RETURN(auto received, repo.FindEventFor(d.id, "arrival"));
      if (received) continue;
      ZAPAS_ASSIGN_OR_RETURN(JournalEntry e, repo.FindEntry(d.id));
      if (e.site.empty()) continue;  // a transfer of this site's own
      ZAPAS_ASSIGN_OR_RETURN(MovementDocument doc, DecodeMovement(e.kind, e.document));
      out.BeginObject()
          .Field("id", std::to_string(e.id))
          .Field("number", doc.number)
          .Field("from", doc.from)
          .Field("to", doc.to)
          .Field("date", e.date.ToString())
          .Key("lines")
          .BeginArray();
      for (const DocumentLine& l : doc.lines) {
        out.BeginObject()
            .Field("sku", l.sku)
            .Field("lot", l.lot)
            .NullableField("expiry", l.expiry ? l.expiry->ToString() : "")
            .Field("quantity", l.quantity.ToString())
            .EndObject();
      }
      out.EndArray().EndObject();
    }
  }
  out.EndArray().Key("next").Null().EndObject();
  return out.Take();
}

}  // namespace zapas
