#include "services/app/confirmation.h"

namespace zapas {
namespace {

std::string SealContext(const std::string& delivery) {
  return "confirmation.received_by:" + delivery;
}

}  // namespace

std::string SealedConfirmation(Repository& repo, Confirmation c) {
  if (!c.received_by.empty()) {
    c.received_by_sealed = repo.SealText(c.received_by, SealContext(c.delivery));
  }
  c.received_by.clear();
  return EncodeDocument(c);
}

std::string ConfirmationJson(const Confirmation& c, const std::string& id) {
  std::string json = EncodeDocument(c);
  return id.empty() ? json : "{\"id\":\"" + id + "\"," + json.substr(1);
}

Result<Confirmation> ReadConfirmation(Repository& repo, const std::string& document,
                                      bool open_personal) {
  ZAPAS_ASSIGN_OR_RETURN(Confirmation c, DecodeConfirmation(document));
  if (!open_personal) {
    c.received_by.clear();
  } else if (!c.received_by_sealed.empty()) {
    ZAPAS_ASSIGN_OR_RETURN(c.received_by,
                           repo.OpenText(c.received_by_sealed, SealContext(c.delivery)));
  }
  c.received_by_sealed.clear();
  return c;
}

}  // namespace zapas
