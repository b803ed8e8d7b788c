#include "services/confirmation.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "services/json_writer.h"

namespace zapas {
namespace {

constexpr const char* kSealedField = "received_by_sealed";

std::string SealContext(const std::string& delivery) {
  return "confirmation.received_by:" + delivery;
}

// Writes the fields of `c` in their one order, received_by as `received_by`
// (a field name and value) when the name is not empty.
void WriteFields(JsonWriter& w, const Confirmation& c, const char* received_by_field,
                 const std::string& received_by) {
  w.Field("delivery", c.delivery).Field("waybill", c.waybill);
  if (!received_by.empty()) w.Field(received_by_field, received_by);
  w.Field("received_at", c.received_at)
      .Field("recorded_at", c.recorded_at)
      .Field("recorded_by", c.recorded_by);
}

}  // namespace

std::string ConfirmationDocument(Repository& repo, const Confirmation& c) {
  JsonWriter w;
  w.BeginObject();
  WriteFields(w, c, kSealedField, repo.SealText(c.received_by, SealContext(c.delivery)));
  return w.EndObject().Take();
}

std::string ConfirmationJson(const Confirmation& c, const std::string& id) {
  JsonWriter w;
  w.BeginObject();
  if (!id.empty()) w.Field("id", id);
  WriteFields(w, c, "received_by", c.received_by);
  return w.EndObject().Take();
}

Result<Confirmation> ReadConfirmation(Repository& repo, const std::string& document,
                                      bool open_personal) {
  Poco::JSON::Object::Ptr doc;
  try {
    doc = Poco::JSON::Parser().parse(document).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Status::Internal("a stored confirmation is not JSON: " + e.displayText());
  }
  auto text = [&](const char* key) {
    return doc->has(key) && doc->get(key).isString() ? doc->getValue<std::string>(key) : "";
  };
  Confirmation c{text("delivery"),    text("waybill"),     text("received_by"),
                 text("received_at"), text("recorded_at"), text("recorded_by")};
  const std::string sealed = text(kSealedField);
  if (!open_personal) {
    c.received_by.clear();
  } else if (!sealed.empty()) {
    ZAPAS_ASSIGN_OR_RETURN(c.received_by, repo.OpenText(sealed, SealContext(c.delivery)));
  }
  return c;
}

}  // namespace zapas
