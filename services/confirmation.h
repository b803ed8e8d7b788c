// The proof of delivery: a journal entry of kind "confirmation" that refers to
// its delivery. Who received a delivery to a recipient whose name is personal
// (an IDP household: NameIsPersonal) is personal data too, so the stored
// document keeps it sealed with the database key (field "received_by_sealed",
// bound to the delivery's id) and it is opened only to print the waybill and
// for the roles that see personal data. Deliveries to organisations keep
// "received_by" in clear.
#pragma once

#include <string>

#include "persistence/repository.h"

namespace zapas {

struct Confirmation {
  std::string delivery;     // the delivery's id
  std::string waybill;      // its number
  std::string received_by;  // in clear; empty when sealed and not opened
  std::string received_at;  // RFC 3339 UTC
  std::string recorded_at;
  std::string recorded_by;
};

// The document stored in the journal; with `seal_received_by`, received_by is
// sealed by `repo`'s key.
std::string ConfirmationDocument(Repository& repo, const Confirmation& c, bool seal_received_by);

// The confirmation as the API answers it (received_by left out when empty);
// `id`, when given, comes first.
std::string ConfirmationJson(const Confirmation& c, const std::string& id = "");

// Reads a stored confirmation document. A sealed received_by is opened when
// `open_personal`, else left empty. kInternal when the document is not one, or
// the sealed name does not open.
Result<Confirmation> ReadConfirmation(Repository& repo, const std::string& document,
                                      bool open_personal);

}  // namespace zapas
