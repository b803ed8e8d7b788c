// The documents of requests and stocktakes (domain/journal_document.h): flat
// members, then "lines", then who recorded them; one table per kind.
#include "domain/document_members.h"
#include "domain/journal_document.h"

namespace zapas {
namespace document_members {
namespace {
// --- Requests and stocktakes: flat members and lines ------------------------------

using QD = RequestDocument;
using QL = RequestDocumentLine;
using SD = StocktakeDocument;
using SL = StocktakeDocumentLine;

// A kind whose document is flat members, then "lines", then the trailer.
template <typename D, typename L>
struct LinedKind {
  const char* kind;
  Members<D> header;
  Members<L> line;
};

template <typename D>
const Members<D>& Recorded() {
  static const Members<D> kTrailer = {Text("recorded_at", &D::recorded_at),
                                      Text("recorded_by", &D::recorded_by)};
  return kTrailer;
}

const std::vector<LinedKind<QD, QL>>& RequestKinds() {
  static const std::vector<LinedKind<QD, QL>> kKinds = {
      {"request",
       {Text("number", &QD::number), Text("recipient", &QD::recipient),
        DayMember("date", &QD::date), DateMember("needed_by", &QD::needed_by),
        Text("priority", &QD::priority), Text("reference", &QD::reference)},
       {Text("sku", &QL::sku), QuantityMember("quantity", &QL::quantity),
        Text("note", &QL::note, true)}},
      {"request_cancel",
       {Text("request", &QD::request), Text("request_number", &QD::request_number),
        DayMember("date", &QD::date), Text("reason", &QD::reason)},
       {Text("sku", &QL::sku), QuantityMember("quantity", &QL::quantity)}},
  };
  return kKinds;
}

const std::vector<LinedKind<SD, SL>>& StocktakeKinds() {
  static const Members<SL> kLine = {
      Text("sku", &SL::sku), Text("lot", &SL::lot), DateMember("expiry", &SL::expiry),
      QuantityMember("expected", &SL::expected), QuantityMember("counted", &SL::counted)};
  static const std::vector<LinedKind<SD, SL>> kKinds = {
      {"stocktake",
       {Text("number", &SD::number), Text("warehouse", &SD::warehouse),
        DayMember("date", &SD::date), Flag("blind", &SD::blind)},
       kLine},
      {"stocktake_count",
       {Text("stocktake", &SD::stocktake), Text("stocktake_number", &SD::stocktake_number),
        Text("warehouse", &SD::warehouse), DayMember("date", &SD::date)},
       kLine},
      {"stocktake_close",
       {Text("stocktake", &SD::stocktake), Text("stocktake_number", &SD::stocktake_number),
        Text("warehouse", &SD::warehouse), DayMember("date", &SD::date),
        Text("adjustment", &SD::adjustment, true),
        Text("adjustment_number", &SD::adjustment_number, true)},
       kLine},
  };
  return kKinds;
}

template <typename D, typename L>
const LinedKind<D, L>* FindLined(const std::vector<LinedKind<D, L>>& kinds, std::string_view kind) {
  for (const auto& k : kinds) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

template <typename D, typename L>
std::string EncodeLined(const D& d, const std::vector<LinedKind<D, L>>& kinds) {
  const LinedKind<D, L>* k = FindLined(kinds, d.kind);
  JsonWriter w;
  w.BeginObject();
  if (k != nullptr) {
    WriteMembers(w, d, k->header);
    w.Key("lines").BeginArray();
    for (const L& l : d.lines) {
      w.BeginObject();
      WriteMembers(w, l, k->line);
      w.EndObject();
    }
    w.EndArray();
  }
  WriteMembers(w, d, Recorded<D>());
  return w.EndObject().Take();
}

template <typename D, typename L>
Result<D> DecodeLined(std::string_view kind, std::string_view json,
                      const std::vector<LinedKind<D, L>>& kinds) {
  const LinedKind<D, L>* k = FindLined(kinds, kind);
  if (k == nullptr) return Corrupt("not a document of its kind: " + std::string(kind));
  ZAPAS_ASSIGN_OR_RETURN(JsonValue doc, ParseObject(json));
  D d;
  d.kind = k->kind;
  for (const auto& [name, v] : doc.members()) {
    if (name == "lines") {
      if (v.type() != JsonValue::Type::kArray) return Corrupt("lines must be an array");
      for (const JsonValue& item : v.items()) {
        if (item.type() != JsonValue::Type::kObject) return Corrupt("a line must be an object");
        L l;
        for (const auto& [member, value] : item.members()) {
          ZAPAS_RETURN_IF_ERROR(ReadMember(l, k->line, member, value).status());
        }
        d.lines.push_back(std::move(l));
      }
      continue;
    }
    ZAPAS_ASSIGN_OR_RETURN(bool known, ReadMember(d, k->header, name, v));
    if (!known) ZAPAS_RETURN_IF_ERROR(ReadMember(d, Recorded<D>(), name, v).status());
  }
  return d;
}

}  // namespace

bool IsRequestKind(std::string_view kind) { return FindLined(RequestKinds(), kind) != nullptr; }
bool IsStocktakeKind(std::string_view kind) { return FindLined(StocktakeKinds(), kind) != nullptr; }

}  // namespace document_members

using namespace document_members;

std::string EncodeDocument(const RequestDocument& d) { return EncodeLined(d, RequestKinds()); }
std::string EncodeDocument(const StocktakeDocument& d) { return EncodeLined(d, StocktakeKinds()); }

Result<RequestDocument> DecodeRequest(std::string_view kind, std::string_view json) {
  return DecodeLined(kind, json, RequestKinds());
}
Result<StocktakeDocument> DecodeStocktake(std::string_view kind, std::string_view json) {
  return DecodeLined(kind, json, StocktakeKinds());
}

}  // namespace zapas
