// The member tables the journal documents' codec is written with (internal
// to domain/journal_document.cc and domain/work_documents.cc): a document
// kind lists its members — text, Money, quantity, date, flag — in the one
// order they are written, and reading takes them back by name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/json.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "domain/status.h"

namespace zapas::document_members {

// A stored document that does not read as its kind: the journal is damaged.
inline Status Corrupt(const std::string& what) {
  return Status::Internal("a stored document does not read: " + what);
}

inline Result<JsonValue> ParseObject(std::string_view json) {
  auto doc = ParseJson(json);
  if (!doc.ok()) return Corrupt(doc.status().message());
  if (doc->type() != JsonValue::Type::kObject) return Corrupt("it is not an object");
  return std::move(doc).value();
}

// --- Flat members, by table ---------------------------------------------------

// A member of a document kind: a string, a Money, a quantity, a date or a
// flag, written in table order. `optional` ones are left out when empty.
template <typename D>
struct Member {
  const char* name;
  std::string D::*text = nullptr;
  std::optional<Money> D::*money = nullptr;
  bool optional = false;
  std::optional<Quantity> D::*quantity = nullptr;
  std::optional<Date> D::*date = nullptr;  // null when none, unless optional
  Date D::*day = nullptr;
  bool D::*flag = nullptr;
};
template <typename D>
using Members = std::vector<Member<D>>;

template <typename D>
Member<D> Text(const char* name, std::string D::*m, bool optional = false) {
  return Member<D>{name, m, nullptr, optional};
}
template <typename D>
Member<D> MoneyMember(const char* name, std::optional<Money> D::*m, bool optional = false) {
  return Member<D>{name, nullptr, m, optional};
}
template <typename D>
Member<D> QuantityMember(const char* name, std::optional<Quantity> D::*m) {
  return Member<D>{.name = name, .optional = true, .quantity = m};
}
template <typename D>
Member<D> DateMember(const char* name, std::optional<Date> D::*m, bool optional = false) {
  return Member<D>{.name = name, .optional = optional, .date = m};
}
template <typename D>
Member<D> DayMember(const char* name, Date D::*m) {
  return Member<D>{.name = name, .day = m};
}
template <typename D>
Member<D> Flag(const char* name, bool D::*m) {
  return Member<D>{.name = name, .flag = m};
}

template <typename D>
void WriteMembers(JsonWriter& w, const D& d, const Members<D>& members) {
  for (const Member<D>& m : members) {
    if (m.text != nullptr) {
      if (!m.optional || !(d.*m.text).empty()) w.Field(m.name, d.*m.text);
    } else if (m.money != nullptr) {
      if ((d.*m.money).has_value()) w.Field(m.name, *(d.*m.money));
    } else if (m.quantity != nullptr) {
      if ((d.*m.quantity).has_value()) w.Field(m.name, (d.*m.quantity)->ToString());
    } else if (m.date != nullptr) {
      const std::optional<Date>& v = d.*m.date;
      if (v || !m.optional) w.NullableField(m.name, v ? v->ToString() : "");
    } else if (m.day != nullptr) {
      w.Field(m.name, (d.*m.day).ToString());
    } else {
      w.Field(m.name, d.*m.flag);
    }
  }
}

inline Result<Money> ReadMoney(const JsonValue& v, const std::string& at) {
  if (v.type() != JsonValue::Type::kObject) return Corrupt(at + " must be an object");
  auto m = Money::Parse(v.Text("amount"), v.Text("currency"));
  if (!m.ok()) return Corrupt(at + ": " + m.status().message());
  return *m;
}

inline Result<std::string> ReadText(const JsonValue& v, const std::string& at) {
  if (!v.is_string()) return Corrupt(at + " must be a string");
  return v.text();
}

inline Result<Date> ReadDateText(const JsonValue& v, const std::string& at) {
  ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(v, at));
  auto d = Date::Parse(text);
  if (!d.ok()) return Corrupt(at + ": " + d.status().message());
  return *d;
}

// Reads `name` into `d` when the table has it; false when it does not.
template <typename D>
Result<bool> ReadMember(D& d, const Members<D>& members, const std::string& name,
                        const JsonValue& v) {
  for (const Member<D>& m : members) {
    if (name != m.name) continue;
    if (m.text != nullptr) {
      ZAPAS_ASSIGN_OR_RETURN(d.*m.text, ReadText(v, name));
    } else if (m.money != nullptr) {
      ZAPAS_ASSIGN_OR_RETURN(d.*m.money, ReadMoney(v, name));
    } else if (m.quantity != nullptr) {
      ZAPAS_ASSIGN_OR_RETURN(std::string text, ReadText(v, name));
      auto q = Quantity::Parse(text);
      if (!q.ok()) return Corrupt(name + ": " + q.status().message());
      d.*m.quantity = *q;
    } else if (m.date != nullptr) {
      if (v.type() == JsonValue::Type::kNull) return true;
      ZAPAS_ASSIGN_OR_RETURN(d.*m.date, ReadDateText(v, name));
    } else if (m.day != nullptr) {
      ZAPAS_ASSIGN_OR_RETURN(d.*m.day, ReadDateText(v, name));
    } else {
      if (v.type() != JsonValue::Type::kBool) return Corrupt(name + " must be true or false");
      d.*m.flag = v.text() == "true";
    }
    return true;
  }
  return false;
}

template <typename D>
std::string EncodeFlat(const D& d, const Members<D>& members) {
  JsonWriter w;
  w.BeginObject();
  WriteMembers(w, d, members);
  return w.EndObject().Take();
}

template <typename D>
Result<D> DecodeFlat(std::string_view json, const Members<D>& members) {
  ZAPAS_ASSIGN_OR_RETURN(JsonValue doc, ParseObject(json));
  D d;
  for (const auto& [name, v] : doc.members()) {
    ZAPAS_RETURN_IF_ERROR(ReadMember(d, members, name, v).status());
  }
  return d;
}

// Whether `kind` is a request's or a stocktake's (domain/work_documents.cc).
bool IsRequestKind(std::string_view kind);
bool IsStocktakeKind(std::string_view kind);

}  // namespace zapas::document_members
