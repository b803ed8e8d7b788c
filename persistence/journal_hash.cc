#include "persistence/journal_hash.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace zapas {

std::string CanonicalEntry(const JournalEntry& e, const std::string& prev_hash) {
  std::string out = "zapas-journal-v1\n";
  out += "id=" + std::to_string(e.id) + "\n";
  out += "kind=" + e.kind + "\n";
  out += "number=" + e.number + "\n";
  out += "date=" + e.date.ToString() + "\n";
  out += "recorded_at=" + e.recorded_at + "\n";
  out += "recorded_by=" + e.recorded_by + "\n";
  out += "refers_to=" + std::to_string(e.refers_to) + "\n";
  out += "document=" + std::to_string(e.document.size()) + ":" + e.document + "\n";
  for (const Posting& p : e.postings) {
    out += "posting=" + std::to_string(p.lot_id) + "," + std::to_string(p.warehouse_id) + "," +
           std::to_string(p.date.days()) + "," + std::to_string(p.delta) + "\n";
  }
  for (const MoneyPosting& m : e.money) {
    out += "money=" + m.ledger_account + "," + std::to_string(m.account_id) + "," +
           std::to_string(m.donor_id) + "," + std::string(m.amount.currency_code()) + "," +
           std::to_string(m.amount.minor_units()) + "," + std::to_string(m.uah.minor_units()) +
           "\n";
  }
  out += "prev=" + prev_hash + "\n";
  return out;
}

std::string Sha256(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace zapas
