// The list of recipients, with their personal data for the roles that may
// read it, and the log of such reads. (The other lists of records are
// ListOf in the route table; creating records is DecodeAndWrite.)
#include "services/app/requests.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ListRecipients(Call& c) {
  // ?personal=false asks for the list without personal data (a form that only
  // needs names), so nothing is read and nothing is logged.
  bool wanted = true;
  if (auto it = c.request.query.find("personal"); it != c.request.query.end()) {
    if (it->second != "true" && it->second != "false") {
      return Status::Field("personal", "must be true or false");
    }
    wanted = it->second == "true";
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  const bool personal = wanted && SeesPersonalData(c.who.role);
  std::vector<int32_t> shown;  // recipients whose personal data this answer holds
  ZAPAS_ASSIGN_OR_RETURN(
      Reply reply,
      ListPage<Recipient>(
          c.request.query, [&](const PageRequest& p) { return conn->ListRecipients(p); },
          [&](JsonWriter& w, const Recipient& r) {
            WriteRecipient(w, r, personal);
            if (personal && !r.personal_json.empty()) shown.push_back(r.id);
          }));
  // Every read of personal data is logged (who, when, which recipient)
  // before the data leaves the server; no log, no data.
  ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, shown));
  return reply;
}

Status Api::LogPersonalReads(const Principal& who, const std::vector<int32_t>& recipients) {
  if (recipients.empty()) return Status::Ok();
  return store_.Write(who, "", "", LogPersonalReadsWork(recipients)).status();
}

Result<Reply> Api::ListPersonalReads(Call& c) {
  std::string code;
  if (auto it = c.request.query.find("recipient"); it != c.request.query.end()) code = it->second;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto reads, conn->PersonalReads(code));
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& r : reads) {
    w.BeginObject()
        .Field("recipient", r.recipient_code)
        .Field("read_by", r.read_by)
        .Field("read_at", r.read_at)
        .EndObject();
  }
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}
}  // namespace zapas
