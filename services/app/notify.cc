#include "services/app/notify.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/PartSource.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <sstream>

#include "domain/json.h"
#include "domain/text.h"
#include "services/auth.h"
#include "services/clock.h"
#include "services/tls_client.h"

namespace zapas {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  size_t i = s.find_first_not_of(" \t");
  return i == std::string::npos ? "" : s.substr(i);
}

}  // namespace

Status SendMail(const Config::Alerts& settings, const Mail& mail) {
  if (settings.smtp_host.empty()) return Status::Unavailable("no alerts.smtp.host configured");
  if (!LooksLikeEmail(mail.to)) return Status::Invalid("not an e-mail address: " + mail.to);
  std::string password = settings.smtp_password;
  if (const char* env = std::getenv("ZAPAS_SMTP_PASSWORD"); env != nullptr && *env != '\0') {
    password = env;
  }
  try {
    using Poco::Net::MailMessage;
    MailMessage message;
    message.setSender(settings.smtp_from.empty() ? "zapas@localhost" : settings.smtp_from);
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(MailMessage::encodeWord(mail.subject, "UTF-8"));
    if (mail.attachments.empty()) {
      message.setContentType("text/plain; charset=UTF-8");
      message.setContent(mail.body, MailMessage::ENCODING_QUOTED_PRINTABLE);
    } else {
      message.addContent(new Poco::Net::StringPartSource(mail.body, "text/plain; charset=UTF-8"),
                         MailMessage::ENCODING_QUOTED_PRINTABLE);
      for (const MailAttachment& a : mail.attachments) {
        message.addAttachment(a.name,
                              new Poco::Net::StringPartSource(a.bytes, a.content_type, a.name),
                              MailMessage::ENCODING_BASE64);
      }
    }
    Poco::Net::SecureSMTPClientSession session(settings.smtp_host,
                                               static_cast<Poco::UInt16>(settings.smtp_port));
    session.setTimeout(Poco::Timespan(30, 0));
    session.login();
    // STARTTLS when the server offers it; a server that refuses it is
    // spoken to in the clear (a relay on the same machine or LAN).
    const bool secure = session.startTLS(TlsClientContext());
    if (!settings.smtp_user.empty()) {
      if (!secure) {
        return Status::Unavailable("SMTP server " + settings.smtp_host +
                                   " does not offer STARTTLS: the password is not sent in clear");
      }
      session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings.smtp_user, password);
    } else if (secure) {
      session.login();
    }
    session.sendMessage(message);
    session.close();
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("SMTP " + settings.smtp_host + ":" +
                               std::to_string(settings.smtp_port) + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable("SMTP " + settings.smtp_host + ": " + e.what());
  }
}

Status PostJson(const std::string& url, const std::string& json) {
  try {
    Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session = ClientSessionFor(uri, 30);
    if (!session) return Status::Invalid("alerts.webhook.url must be http:// or https://");
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(json.size()));
    session->sendRequest(request) << json;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    std::string answer(std::istreambuf_iterator<char>(in), {});
    const int status = static_cast<int>(response.getStatus());
    if (status < 200 || status > 299) {
      return Status::Unavailable("webhook answered " + std::to_string(status) + ": " +
                                 answer.substr(0, 200));
    }
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("webhook: " + e.displayText());
  }
}

std::vector<DigestChannel> DigestChannels(const Config::Alerts& settings) {
  std::vector<DigestChannel> out;
  std::stringstream list(settings.smtp_to);
  std::string item;
  while (!settings.smtp_host.empty() && std::getline(list, item, ',')) {
    item = Trim(item);
    std::string language = "uk";
    if (item.rfind("en:", 0) == 0 || item.rfind("uk:", 0) == 0) {
      language = item.substr(0, 2);
      item = Trim(item.substr(3));
    }
    if (item.empty()) continue;
    out.push_back(DigestChannel{"mailto:" + item, item, language, false});
  }
  if (!settings.webhook_url.empty()) {
    out.push_back(
        DigestChannel{settings.webhook_url, settings.webhook_url, settings.webhook_language, true});
  }
  return out;
}

namespace {

struct KindTitle {
  const char* kind;
  const char* uk;
  const char* en;
};
constexpr KindTitle kTitles[] = {
    {"expired", "Прострочені партії", "Expired lots"},
    {"expiring", "Термін спливає", "Expiring soon"},
    {"below_minimum", "Нижче мінімального запасу", "Below minimum stock"},
    {"undistributed", "Допомога зберігається задовго", "Aid held too long"},
    {"unconfirmed_delivery", "Видачі без підтвердження", "Deliveries without proof"},
    {"request_overdue", "Прострочені запити", "Overdue requests"},
};

}  // namespace

Digest MakeDigest(const AlertSelection& alerts, Date day, const std::string& language,
                  const std::string& org) {
  const bool en = language == "en";
  Digest d;
  const std::string n = std::to_string(alerts.total);
  d.subject =
      (en ? "Zapas: " + n + " alerts on " : "Запас: сповіщень " + n + " на ") + day.ToString();
  std::string& t = d.text;
  t = org + "\n" + (en ? "Alerts on " : "Сповіщення на ") + day.ToString() + "\n";
  for (const Notice& notice : alerts.notices) {
    t += std::string(en ? "\nAttention: " : "\nУвага: ") + (en ? notice.en : notice.uk) + "\n";
  }
  if (alerts.total == 0 && alerts.notices.empty()) {
    t += en ? "\nNothing needs attention.\n" : "\nНічого не потребує уваги.\n";
  }
  for (int k = 0; k < kAlertKinds; ++k) {
    const KindTitle& title = kTitles[k];
    const size_t count = alerts.counts[k];
    if (count == 0) continue;
    t += "\n" + std::string(en ? title.en : title.uk) + " (" + std::to_string(count) + ")\n";
    size_t shown = 0;
    for (const Alert& a : alerts.alerts) {
      if (a.kind != title.kind) continue;
      ++shown;
      t += "  - ";
      if (!a.warehouse.empty()) t += a.warehouse + " ";
      if (!a.sku.empty()) t += a.sku + " ";
      if (!a.lot.empty()) t += (en ? "lot " : "партія ") + a.lot + " ";
      t += "— " + (en ? a.detail_en : a.detail_uk) + "\n";
    }
    if (count > shown) {
      t += "  " + std::string(en ? "... and " : "... і ще ") + std::to_string(count - shown) + "\n";
    }
  }
  return d;
}

std::string DigestJson(const AlertSelection& alerts, Date day, const std::string& language,
                       const std::string& org) {
  const Digest d = MakeDigest(alerts, day, language, org);
  JsonWriter w;
  w.BeginObject()
      .Field("text", d.subject + "\n\n" + d.text)
      .Field("date", day.ToString())
      .Key("counts")
      .BeginObject();
  for (int k = 0; k < kAlertKinds; ++k) {
    w.Field(AlertKindName(static_cast<AlertKind>(k)), static_cast<int64_t>(alerts.counts[k]));
  }
  w.EndObject().Key("notices").BeginArray();
  for (const Notice& n : alerts.notices) w.String(language == "en" ? n.en : n.uk);
  w.EndArray().Key("alerts").BeginArray();
  for (const Alert& a : alerts.alerts) WriteAlert(w, a, language);
  w.EndArray().EndObject();
  return w.Take();
}

Status RememberSent(Repository& repo, const std::string& kind, const std::string& subject,
                    const std::string& channel) {
  ZAPAS_RETURN_IF_ERROR(repo.Begin());
  Status s = repo.RecordNotification(kind, subject, channel,
                                     FormatRfc3339(std::chrono::system_clock::now()));
  if (s.ok()) s = repo.Commit();
  if (!s.ok()) (void)repo.Rollback();
  // Recorded by another sender meanwhile: sent all the same.
  return s.code() == StatusCode::kConflict ? Status::Ok() : s;
}

Result<int> SendDigest(Repository& repo, const AlertSelection& alerts, Date day,
                       const Config::Alerts& settings, const std::string& org,
                       const std::function<void(const std::string&)>& log) {
  int sent = 0;
  std::string failed;
  for (const DigestChannel& c : DigestChannels(settings)) {
    ZAPAS_ASSIGN_OR_RETURN(bool done, repo.NotificationSent("digest", day.ToString(), c.channel));
    if (done) {
      log(c.address + ": sent already on " + day.ToString());
      continue;
    }
    Status s = Status::Ok();
    if (c.webhook) {
      s = PostJson(c.address, DigestJson(alerts, day, c.language, org));
    } else {
      const Digest d = MakeDigest(alerts, day, c.language, org);
      s = SendMail(settings, Mail{c.address, d.subject, d.text, {}});
    }
    if (!s.ok()) {
      log(c.address + ": not sent: " + s.message());
      failed += (failed.empty() ? "" : "; ") + c.address + ": " + s.message();
      continue;
    }
    ZAPAS_RETURN_IF_ERROR(repo.RecordNotification("digest", day.ToString(), c.channel,
                                                  FormatRfc3339(std::chrono::system_clock::now())));
    log(c.address + ": sent");
    ++sent;
  }
  if (!failed.empty()) return Status::Unavailable("digest not sent to " + failed);
  return sent;
}

DailyDigest::DailyDigest(Store& store, AlertBoard& alerts, Config::Alerts settings, std::string org,
                         std::function<void(const std::string&)> log,
                         std::function<std::vector<Notice>()> notices)
    : store_(store),
      alerts_(alerts),
      settings_(std::move(settings)),
      org_(std::move(org)),
      log_(std::move(log)),
      notices_(std::move(notices)),
      task_(
          DigestChannels(settings_).empty() ? std::string() : settings_.daily_at,
          [this](Date today) { return SendToday(today); },
          [this](Date today, const Status& failed, int seconds) {
            log_("digest of " + today.ToString() + " not sent (" + failed.message() +
                 "): trying again in " + std::to_string(seconds) + " s");
          }) {}

Status DailyDigest::SendToday(Date today) {
  auto alerts = alerts_.Select(store_, today, std::nullopt, nullptr, 0, SIZE_MAX, kDigestPerKind);
  if (!alerts.ok()) return alerts.status();
  if (notices_) alerts->notices = notices_();
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  auto sent = SendDigest(*conn, *alerts, today, settings_, org_, log_);
  return sent.ok() ? Status::Ok() : sent.status();
}

}  // namespace zapas
