// zapas alerts send and zapas reports mail-donors: the notifications sent
// from the command line (services/app/notify.h).
#include <ctime>
#include <iostream>

#include "services/app/alerts.h"
#include "services/app/backups.h"
#include "services/app/documents.h"
#include "services/app/notify.h"
#include "services/cli/command.h"
#include "services/clock.h"

namespace zapas::cli {
namespace {

int AlertsSend(const CommandLine& cl, const Config& config) {
  auto db = OpenLoaded(config);
  if (!db.ok()) return Fail(db.status().message());
  const Date today = Today();
  JournalFacts facts;
  if (Status s = facts.CatchUp(*(*db)->repo, today, true); !s.ok()) return Fail(s.message());
  const std::vector<AlertRow> rows =
      ComputeAlerts((*db)->catalog, (*db)->index, facts, config.alerts, today);
  AlertSelection alerts = SelectAlerts(rows, (*db)->catalog, facts, today, std::nullopt, nullptr, 0,
                                       SIZE_MAX, kDigestPerKind);
  // A failed or missing backup comes first, as in the server's own digest.
  alerts.notices = BackupNotices(ReadBackupState(config, std::time(nullptr)));
  const std::string org = DocumentSettingsOf(config).org_name;
  if (cl.Has("dry-run")) {
    const Digest d = MakeDigest(alerts, today, "uk", org);
    std::cout << d.subject << "\n\n" << d.text;
    for (const DigestChannel& c : DigestChannels(config.alerts)) {
      std::cout << "\n-> " << c.address << " (" << c.language << ")";
    }
    if (DigestChannels(config.alerts).empty()) {
      std::cout << "\nNo alerts.smtp.to nor alerts.webhook.url configured: nothing would be sent.";
    }
    std::cout << "\n(dry run: nothing sent)" << std::endl;
    return 0;
  }
  if (DigestChannels(config.alerts).empty()) {
    return Fail(
        "nothing to send to: set alerts.smtp.host and alerts.smtp.to, or alerts.webhook.url");
  }
  auto sent = SendDigest(*(*db)->repo, alerts, today, config.alerts, org,
                         [](const std::string& line) { std::cout << line << std::endl; });
  if (!sent.ok()) return Fail(sent.status().message());
  std::cout << "zapas: digest of " << today.ToString() << " (" << alerts.total
            << " alerts) sent to " << *sent << (*sent == 1 ? " place" : " places") << std::endl;
  return 0;
}

int MailDonors(const CommandLine& cl, const Config& config) {
  const std::string month = cl.Get("month");
  auto first = Date::Parse(month + "-01");
  if (month.size() != 7 || !first.ok()) return Fail("--month must be YYYY-MM");
  const Date from = *first;
  const Date to = Date::FromCivil(from.year() + (from.month() == 12 ? 1 : 0),
                                  from.month() == 12 ? 1 : from.month() + 1, 1)
                      .AddDays(-1);
  auto db = OpenLoaded(config);
  if (!db.ok()) return Fail(db.status().message());
  Repository& repo = *(*db)->repo;
  auto donors = repo.ListDonors(PageRequest{"", 1 << 30});
  if (!donors.ok()) return Fail(donors.status().message());
  const DocumentSettings settings = DocumentSettingsOf(config);
  int sent = 0, failed = 0, skipped = 0;
  for (const Donor& d : *donors) {
    if (d.email.empty()) continue;
    const std::string subject = month + " " + d.code, channel = "mailto:" + d.email;
    auto done = repo.NotificationSent("donor_report", subject, channel);
    if (!done.ok()) return Fail(done.status().message());
    if (*done && !cl.Has("again")) {
      std::cout << d.code << " <" << d.email << ">: sent already" << std::endl;
      ++skipped;
      continue;
    }
    ReportRequest request{from, to, d.currency, d.language == "en" ? "en" : "uk"};
    auto pdf = DonorReportPdf(repo, (*db)->catalog, (*db)->index, d.code, request, settings);
    if (!pdf.ok()) return Fail(d.code + ": " + pdf.status().message());
    const bool en = d.language == "en";
    Mail mail{d.email,
              en ? settings.org_name + ": report for " + month + ", " + d.name
                 : settings.org_name + ": звіт за " + month + ", " + d.name,
              en ? "Dear partners,\n\nattached is the report of what your aid became in " + month +
                       ": money received and spent, goods delivered by kind of recipient and "
                       "region, and what is still in stock.\n\nWith gratitude,\n" +
                       settings.org_name + "\n"
                 : "Шановні партнери!\n\nУ вкладенні — звіт про те, чим стала ваша допомога за " +
                       month +
                       ": отримані та витрачені кошти, передані товари за типами отримувачів і "
                       "регіонами, залишки на складі.\n\nЗ вдячністю,\n" +
                       settings.org_name + "\n",
              {MailAttachment{"zapas-" + d.code + "-" + month + ".pdf", "application/pdf", *pdf}}};
    if (cl.Has("dry-run")) {
      std::cout << d.code << " <" << d.email << ">: would send \"" << mail.subject << "\" with "
                << pdf->size() << " bytes of PDF" << std::endl;
      continue;
    }
    if (Status s = SendMail(config.alerts, mail); !s.ok()) {
      std::cout << d.code << " <" << d.email << ">: not sent: " << s.message() << std::endl;
      ++failed;
      continue;
    }
    if (Status s = RememberSent(repo, "donor_report", subject, channel); !s.ok()) {
      return Fail(s.message());
    }
    std::cout << d.code << " <" << d.email << ">: sent" << std::endl;
    ++sent;
  }
  std::cout << "zapas: " << sent << " sent, " << skipped << " sent before, " << failed << " failed"
            << std::endl;
  return failed == 0 ? 0 : 1;
}

}  // namespace

const Subcommand kAlertsSend = {
    "Usage: zapas alerts send [--dry-run] [--db PATH] [--config FILE]\n"
    "Sends today's digest of alerts (expired and expiring lots, stock below its\n"
    "minimum, aid held too long, deliveries without proof, overdue requests) by\n"
    "e-mail to alerts.smtp.to and as JSON to alerts.webhook.url. Each address\n"
    "gets one digest a day: a second run the same day sends nothing new, and a\n"
    "run after a failure sends only to the places not reached. --dry-run prints\n"
    "the digest and where it would go. Works while the server runs.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2 && cl.words[1] == "send"; },
    AlertsSend};

const Subcommand kReportsMailDonors = {
    "Usage: zapas reports mail-donors --month YYYY-MM [--dry-run] [--again] [--db PATH]\n"
    "E-mails every donor with an e-mail address its donor report for the month\n"
    "(PDF, in the donor's language and currency) over alerts.smtp.*. Each donor\n"
    "gets a month's report once: a second run sends nothing new unless --again.\n",
    [](const CommandLine& cl) {
      return cl.words.size() == 2 && cl.words[1] == "mail-donors" && cl.Has("month");
    },
    MailDonors};

}  // namespace zapas::cli
