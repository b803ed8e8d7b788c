#include "services/app/sync_wire.h"

#include <charconv>

#include "domain/kits.h"
#include "domain/utf8.h"
#include "services/app/requests.h"

namespace zapas {

namespace {

Result<int64_t> IntOf(const JsonValue& v, std::string_view what) {
  int64_t n = 0;
  const std::string& t = v.text();
  if (v.type() != JsonValue::Type::kNumber ||
      std::from_chars(t.data(), t.data() + t.size(), n).ptr != t.data() + t.size()) {
    return Status::Field(std::string(what), "must be an integer");
  }
  return n;
}

Result<const JsonValue*> Member(const JsonValue& v, std::string_view key, JsonValue::Type type) {
  const JsonValue* m = v.Find(key);
  if (m == nullptr || m->type() != type) {
    return Status::Field(std::string(key), "is missing or of the wrong type");
  }
  return m;
}

Result<std::string> TextMember(const JsonValue& v, std::string_view key) {
  ZAPAS_ASSIGN_OR_RETURN(const JsonValue* m, Member(v, key, JsonValue::Type::kString));
  return m->text();
}

// [[id, code], ...] into `out`.
Status ReadCodes(const JsonValue& batch, std::string_view key,
                 std::map<int32_t, std::string>& out) {
  const JsonValue* list = batch.Find(key);
  if (list == nullptr) return Status::Ok();
  for (const JsonValue& pair : list->items()) {
    if (pair.items().size() != 2 || !pair.items()[1].is_string()) {
      return Status::Field(std::string(key), "must be pairs of an id and a code");
    }
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, IntOf(pair.items()[0], key));
    out[static_cast<int32_t>(id)] = pair.items()[1].text();
  }
  return Status::Ok();
}

void WriteCodes(JsonWriter& w, std::string_view key, const std::map<int32_t, std::string>& codes) {
  w.Key(key).BeginArray();
  for (const auto& [id, code] : codes) w.BeginArray().Int(id).String(code).EndArray();
  w.EndArray();
}

}  // namespace

void WriteWireLot(JsonWriter& w, const WireLot& l) {
  w.BeginObject()
      .Field("id", static_cast<int64_t>(l.lot.id))
      .Field("sku", l.sku)
      .Field("batch", l.lot.batch)
      .NullableField("expiry", l.lot.expiry.is_never() ? "" : l.lot.expiry.ToString())
      .Field("unit_value", l.lot.unit_value_minor)
      .Field("currency", l.lot.currency ? std::string(l.lot.currency->code) : "")
      .Field("donor", l.donor)
      .Field("booked_rate", l.lot.booked_rate)
      .Field("booked_rate_day", static_cast<int64_t>(l.lot.booked_rate_date.days()))
      .NullableField("kit", l.lot.kit ? EncodeKitComposition(*l.lot.kit) : "")
      .Field("site", l.lot.site)
      .Field("site_lot", static_cast<int64_t>(l.lot.site_lot))
      .EndObject();
}

Result<WireLot> ReadWireLot(const JsonValue& v) {
  WireLot l;
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, IntMember(v, "id"));
  l.lot.id = static_cast<int32_t>(id);
  ZAPAS_ASSIGN_OR_RETURN(l.sku, TextMember(v, "sku"));
  ZAPAS_ASSIGN_OR_RETURN(l.lot.batch, TextMember(v, "batch"));
  if (const JsonValue* e = v.Find("expiry"); e != nullptr && e->is_string()) {
    ZAPAS_ASSIGN_OR_RETURN(l.lot.expiry, Date::Parse(e->text()));
  }
  ZAPAS_ASSIGN_OR_RETURN(l.lot.unit_value_minor, IntMember(v, "unit_value"));
  ZAPAS_ASSIGN_OR_RETURN(std::string currency, TextMember(v, "currency"));
  l.lot.currency = FindCurrency(currency);
  if (l.lot.currency == nullptr) return Status::Field("currency", "unknown: " + currency);
  ZAPAS_ASSIGN_OR_RETURN(l.donor, TextMember(v, "donor"));
  ZAPAS_ASSIGN_OR_RETURN(l.lot.booked_rate, IntMember(v, "booked_rate"));
  ZAPAS_ASSIGN_OR_RETURN(int64_t day, IntMember(v, "booked_rate_day"));
  l.lot.booked_rate_date = Date::FromDays(static_cast<int32_t>(day));
  if (const JsonValue* k = v.Find("kit"); k != nullptr && k->is_string()) {
    ZAPAS_ASSIGN_OR_RETURN(KitComposition kit, DecodeKitComposition(k->text()));
    l.lot.kit = std::make_shared<const KitComposition>(std::move(kit));
  }
  ZAPAS_ASSIGN_OR_RETURN(l.lot.site, TextMember(v, "site"));
  ZAPAS_ASSIGN_OR_RETURN(int64_t site_lot, IntMember(v, "site_lot"));
  l.lot.site_lot = static_cast<int32_t>(site_lot);
  return l;
}

Result<int64_t> IntMember(const JsonValue& v, std::string_view key) {
  const JsonValue* m = v.Find(key);
  if (m == nullptr) return Status::Field(std::string(key), "is missing");
  return IntOf(*m, key);
}

std::string EncodeEntry(const JournalEntry& e) {
  JsonWriter w;
  w.BeginObject()
      .Field("id", e.id)
      .Field("kind", e.kind)
      .Field("number", e.number)
      .Field("date", e.date.ToString())
      .Field("recorded_at", e.recorded_at)
      .Field("recorded_by", e.recorded_by)
      .Field("refers_to", e.refers_to)
      .Field("document", e.document)
      .Key("postings")
      .BeginArray();
  for (const Posting& p : e.postings) {
    w.BeginArray().Int(p.warehouse_id).Int(p.lot_id).Int(p.date.days()).Int(p.delta).EndArray();
  }
  w.EndArray().Key("money").BeginArray();
  for (const MoneyPosting& m : e.money) {
    w.BeginArray()
        .String(m.ledger_account)
        .Int(m.account_id)
        .Int(m.donor_id)
        .String(m.amount.currency_code())
        .Int(m.amount.minor_units())
        .Int(m.uah.minor_units())
        .EndArray();
  }
  w.EndArray().Field("prev_hash", e.prev_hash).Field("hash", e.hash).EndObject();
  return w.Take();
}

Result<JournalEntry> DecodeEntry(const JsonValue& v) {
  if (v.type() != JsonValue::Type::kObject) return Status::Field("entries", "must be objects");
  JournalEntry e;
  ZAPAS_ASSIGN_OR_RETURN(e.id, IntMember(v, "id"));
  ZAPAS_ASSIGN_OR_RETURN(e.kind, TextMember(v, "kind"));
  ZAPAS_ASSIGN_OR_RETURN(e.number, TextMember(v, "number"));
  ZAPAS_ASSIGN_OR_RETURN(std::string date, TextMember(v, "date"));
  ZAPAS_ASSIGN_OR_RETURN(e.date, Date::Parse(date));
  ZAPAS_ASSIGN_OR_RETURN(e.recorded_at, TextMember(v, "recorded_at"));
  ZAPAS_ASSIGN_OR_RETURN(e.recorded_by, TextMember(v, "recorded_by"));
  ZAPAS_ASSIGN_OR_RETURN(e.refers_to, IntMember(v, "refers_to"));
  ZAPAS_ASSIGN_OR_RETURN(e.document, TextMember(v, "document"));
  ZAPAS_ASSIGN_OR_RETURN(const JsonValue* postings, Member(v, "postings", JsonValue::Type::kArray));
  for (const JsonValue& p : postings->items()) {
    if (p.items().size() != 4) return Status::Field("postings", "must be [warehouse, lot, day, q]");
    int64_t n[4];
    for (int i = 0; i < 4; ++i) {
      ZAPAS_ASSIGN_OR_RETURN(n[i], IntOf(p.items()[static_cast<size_t>(i)], "postings"));
    }
    e.postings.push_back(Posting{static_cast<int32_t>(n[0]), static_cast<int32_t>(n[1]),
                                 Date::FromDays(static_cast<int32_t>(n[2])), n[3]});
  }
  ZAPAS_ASSIGN_OR_RETURN(const JsonValue* money, Member(v, "money", JsonValue::Type::kArray));
  for (const JsonValue& m : money->items()) {
    const auto& f = m.items();
    if (f.size() != 6 || !f[0].is_string() || !f[3].is_string()) {
      return Status::Field("money",
                           "must be [ledger account, account, donor, currency, amount, "
                           "uah]");
    }
    const Currency* currency = FindCurrency(f[3].text());
    if (currency == nullptr) return Status::Field("money", "unknown currency " + f[3].text());
    ZAPAS_ASSIGN_OR_RETURN(int64_t account, IntOf(f[1], "money"));
    ZAPAS_ASSIGN_OR_RETURN(int64_t donor, IntOf(f[2], "money"));
    ZAPAS_ASSIGN_OR_RETURN(int64_t amount, IntOf(f[4], "money"));
    ZAPAS_ASSIGN_OR_RETURN(int64_t uah, IntOf(f[5], "money"));
    e.money.push_back(MoneyPosting{f[0].text(), static_cast<int32_t>(account),
                                   static_cast<int32_t>(donor), Money::FromMinor(amount, *currency),
                                   Money::FromMinor(uah, *FindCurrency("UAH"))});
  }
  ZAPAS_ASSIGN_OR_RETURN(e.prev_hash, TextMember(v, "prev_hash"));
  ZAPAS_ASSIGN_OR_RETURN(e.hash, TextMember(v, "hash"));
  return e;
}

std::string EncodeBatch(const SyncBatch& b) {
  JsonWriter w;
  w.BeginObject().Field("site", b.site).Field("instance", b.instance);
  w.Key("head").BeginObject().Field("id", b.head_id).Field("hash", b.head_hash).EndObject();
  WriteCodes(w, "warehouses", b.warehouses);
  WriteCodes(w, "accounts", b.accounts);
  WriteCodes(w, "donors", b.donors);
  w.Key("lots").BeginArray();
  for (const WireLot& l : b.lots) WriteWireLot(w, l);
  w.EndArray().Key("recipients").BeginArray();
  for (const Recipient& r : b.recipients) {
    JsonWriter one;
    WriteRecipient(one, r, true);
    w.String(one.str());
  }
  w.EndArray().Key("refers").BeginArray();
  for (const auto& [id, to] : b.refers) {
    w.BeginArray().Int(id).String(to.first).Int(to.second).EndArray();
  }
  w.EndArray().Key("entries").BeginArray();
  for (const JournalEntry& e : b.entries) w.Raw(EncodeEntry(e));
  w.EndArray().EndObject();
  return w.Take();
}

Result<SyncBatch> DecodeBatch(std::string_view body) {
  if (!IsValidUtf8(body)) return Status::Malformed("the batch is not valid UTF-8");
  ZAPAS_ASSIGN_OR_RETURN(JsonValue v, ParseJson(body));
  if (v.type() != JsonValue::Type::kObject) return Status::Malformed("a batch is a JSON object");
  SyncBatch b;
  ZAPAS_ASSIGN_OR_RETURN(b.site, TextMember(v, "site"));
  ZAPAS_ASSIGN_OR_RETURN(b.instance, TextMember(v, "instance"));
  ZAPAS_ASSIGN_OR_RETURN(const JsonValue* head, Member(v, "head", JsonValue::Type::kObject));
  ZAPAS_ASSIGN_OR_RETURN(b.head_id, IntMember(*head, "id"));
  ZAPAS_ASSIGN_OR_RETURN(b.head_hash, TextMember(*head, "hash"));
  ZAPAS_RETURN_IF_ERROR(ReadCodes(v, "warehouses", b.warehouses));
  ZAPAS_RETURN_IF_ERROR(ReadCodes(v, "accounts", b.accounts));
  ZAPAS_RETURN_IF_ERROR(ReadCodes(v, "donors", b.donors));
  if (const JsonValue* lots = v.Find("lots")) {
    for (const JsonValue& l : lots->items()) {
      ZAPAS_ASSIGN_OR_RETURN(WireLot lot, ReadWireLot(l));
      b.lots.push_back(std::move(lot));
    }
  }
  if (const JsonValue* recipients = v.Find("recipients")) {
    for (const JsonValue& r : recipients->items()) {
      // Each as the text POST /recipients takes, read by the same reader.
      ZAPAS_ASSIGN_OR_RETURN(Recipient recipient, DecodeJson(r.text(), ReadRecipient));
      b.recipients.push_back(std::move(recipient));
    }
  }
  if (const JsonValue* refers = v.Find("refers")) {
    for (const JsonValue& r : refers->items()) {
      if (r.items().size() != 3 || !r.items()[1].is_string()) {
        return Status::Field("refers", "must be [id, site, id at that site]");
      }
      ZAPAS_ASSIGN_OR_RETURN(int64_t id, IntOf(r.items()[0], "refers"));
      ZAPAS_ASSIGN_OR_RETURN(int64_t site_id, IntOf(r.items()[2], "refers"));
      b.refers[id] = {r.items()[1].text(), site_id};
    }
  }
  ZAPAS_ASSIGN_OR_RETURN(const JsonValue* entries, Member(v, "entries", JsonValue::Type::kArray));
  for (const JsonValue& e : entries->items()) {
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry entry, DecodeEntry(e));
    b.entries.push_back(std::move(entry));
  }
  return b;
}

}  // namespace zapas
