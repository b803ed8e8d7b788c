// Notifications: the alerts' daily digest by e-mail (SMTP, STARTTLS when
// the server offers it) and as a JSON POST to a webhook, and donors' monthly
// reports by e-mail. What was sent is remembered in the database
// (notifications: kind, subject, channel), so a digest goes once a day to
// each address and a report once a month to each donor, whatever fails,
// retries or runs twice.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "persistence/repository.h"
#include "services/app/alerts.h"
#include "services/app/daily_task.h"

namespace zapas {

// One e-mail to send.
struct MailAttachment {
  std::string name, content_type, bytes;
};
struct Mail {
  std::string to, subject, body;  // body: plain text, UTF-8
  std::vector<MailAttachment> attachments;
};
// Sends over SMTP with the settings of `alerts` (host, port, user, password
// or ZAPAS_SMTP_PASSWORD, from). kUnavailable saying why when it could not.
Status SendMail(const Config::Alerts& settings, const Mail& mail);
// POSTs `json` to `url` (http or https); kUnavailable unless it answers 2xx.
Status PostJson(const std::string& url, const std::string& json);

// One place a digest goes: "mailto:<address>" or the webhook's URL.
struct DigestChannel {
  std::string channel;   // as remembered in the database
  std::string address;   // the e-mail address, or the URL
  std::string language;  // "uk" or "en"
  bool webhook = false;
};
// Every channel the configuration names (alerts.smtp.to, alerts.webhook.url).
std::vector<DigestChannel> DigestChannels(const Config::Alerts& settings);

// How many alerts of each kind a digest lists; the rest it counts.
inline constexpr size_t kDigestPerKind = 50;

// The digest of `alerts` (selected with at most kDigestPerKind of a kind) on
// `day` in `language`: its subject and its text.
struct Digest {
  std::string subject, text;
};
Digest MakeDigest(const AlertSelection& alerts, Date day, const std::string& language,
                  const std::string& org);
// The webhook's body: {"text", "date", "counts": {kind: n}, "alerts": [...]}
// ("text" is what a Slack hook or a Telegram bot's sendMessage shows).
std::string DigestJson(const AlertSelection& alerts, Date day, const std::string& language,
                       const std::string& org);

// Remembers (in its own transaction) that `kind` of `subject` went to `channel`.
Status RememberSent(Repository& repo, const std::string& kind, const std::string& subject,
                    const std::string& channel);

// Sends the digest of `day` to every channel that has not had it yet,
// remembering each one sent. Returns how many were sent; kUnavailable naming
// the channels that failed (the others are sent and remembered).
// `log` hears one line per channel.
Result<int> SendDigest(Repository& repo, const AlertSelection& alerts, Date day,
                       const Config::Alerts& settings, const std::string& org,
                       const std::function<void(const std::string&)>& log);

// The server's daily digest: at alerts.daily_at (Kyiv time) each day it
// sends the day's digest to every channel not yet reached, retried until it
// goes through that day (DailyTask). Nothing runs when alerts.daily_at is
// empty or names no channel.
class DailyDigest {
 public:
  // `notices`, when given, tells what the digest says before the alerts (a
  // failed or missing backup), asked each time one is made.
  DailyDigest(Store& store, AlertBoard& alerts, Config::Alerts settings, std::string org,
              std::function<void(const std::string&)> log,
              std::function<std::vector<Notice>()> notices = {});

 private:
  Status SendToday(Date today);
  Store& store_;
  AlertBoard& alerts_;
  const Config::Alerts settings_;
  const std::string org_;
  const std::function<void(const std::string&)> log_;
  const std::function<std::vector<Notice>()> notices_;
  DailyTask task_;  // last: stops before the members it uses go
};

}  // namespace zapas
