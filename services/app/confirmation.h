// The proof of delivery: a journal entry of kind "confirmation" that refers to
// its delivery (domain/journal_document.h). Who received a delivery is
// personal data (a name, often a document number), whatever the recipient, so
// the stored document keeps it sealed with the database key (member
// "received_by_sealed", bound to the delivery's id) and it is opened only for
// the roles that see personal data (SeesPersonalData), each read logged.
// Confirmations stored before kept the name of an organisation's receiver in
// clear ("received_by"): read back, it is treated the same way.
#pragma once

#include <string>

#include "domain/journal_document.h"
#include "persistence/repository.h"

namespace zapas {

// A confirmation with its receiver in clear (`received_by`; empty when not
// opened) and never sealed.
using Confirmation = ConfirmationDocument;

// The document stored in the journal, received_by sealed by `repo`'s key.
std::string SealedConfirmation(Repository& repo, Confirmation c);

// The confirmation as the API answers it (received_by left out when empty);
// `id`, when given, comes first.
std::string ConfirmationJson(const Confirmation& c, const std::string& id = "");

// Reads a stored confirmation document. received_by (sealed, or in clear in an
// older document) is given when `open_personal`, else left empty. kInternal
// when the document is not one, or the sealed name does not open.
Result<Confirmation> ReadConfirmation(Repository& repo, const std::string& document,
                                      bool open_personal);

}  // namespace zapas
