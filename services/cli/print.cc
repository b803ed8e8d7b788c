// zapas print: the documents as PDF files.
#include "services/cli/command.h"

#include <iostream>
#include <string>

#include "services/app/barcodes.h"
#include "services/app/reports.h"
#include "services/app/store.h"

namespace zapas::cli {

namespace {

// print waybill|grn ID, print donor CODE, print audit or print labels;
// always with -o FILE.
bool PrintTakes(const CommandLine& cl) {
  const std::string what = cl.words.size() >= 2 ? cl.words[1] : "";
  const bool by_id = (what == "waybill" || what == "grn") && cl.words.size() == 3;
  const bool donor = what == "donor" && cl.words.size() == 3;
  const bool alone = (what == "audit" || what == "labels") && cl.words.size() == 2;
  return (by_id || donor || alone) && cl.Has("output");
}

// Lot labels, as GET /stock/labels.pdf prints them, from the options.
Result<std::string> LabelsFromCommandLine(const CommandLine& cl, const Catalog& catalog,
                                          const StockIndex& index,
                                          const DocumentSettings& settings) {
  std::map<std::string, std::string> query;
  for (const char* k : {"warehouse", "sku", "lot", "copies", "layout"}) {
    if (cl.Has(k)) query[k] = cl.Get(k);
  }
  return LabelsPdf(catalog, index, query, {}, settings);
}

int Print(const CommandLine& cl, const Config& config) {
  const std::string& what = cl.words[1];  // one PrintTakes accepts
  const bool by_id = what == "waybill" || what == "grn";
  const bool donor = what == "donor";
  auto db = OpenLoaded(config);
  if (!db.ok()) return Fail(db.status().message());
  Repository& repo = *(*db)->repo;
  const Catalog& catalog = (*db)->catalog;
  const StockIndex& index = (*db)->index;
  const DocumentSettings settings = DocumentSettingsOf(config);
  Result<std::string> pdf = Status::Internal("nothing printed");
  if (what == "labels") {
    pdf = LabelsFromCommandLine(cl, catalog, index, settings);
  } else if (by_id) {
    const std::string& id = cl.words[2];
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(std::string(what == "waybill" ? "no delivery " : "no receipt ") + id);
    }
    // Printed on the server's own machine, with its key: personal data
    // included, and its read logged before the file is written.
    PrintedFor who{/*personal=*/true};
    pdf = what == "waybill" ? WaybillPdf(repo, catalog, std::stoll(id), settings, who)
                            : GrnPdf(repo, catalog, std::stoll(id), settings);
    if (pdf.ok() && who.read_of != 0) {
      const char* user = std::getenv("USER");
      Status logged = repo.Begin();
      if (logged.ok()) {
        logged = repo.LogPersonalRead(who.read_of,
                                      std::string("zapas print (") + (user ? user : "?") + ")",
                                      FormatRfc3339(std::chrono::system_clock::now()));
      }
      if (logged.ok()) {
        logged = repo.Commit();
      } else {
        (void)repo.Rollback();
      }
      if (!logged.ok()) return Fail("cannot log the read of personal data: " + logged.message());
    }
  } else {
    std::map<std::string, std::string> query;
    for (const char* k : {"from", "to", "currency", "lang"}) {
      if (cl.Has(k)) query[k] = cl.Get(k);
    }
    std::string default_currency = "UAH";
    if (donor) {
      const Donor* d = catalog.DonorByCode(cl.words[2]);
      if (d == nullptr) return Fail("no donor " + cl.words[2]);
      default_currency = std::string(d->currency->code);
    }
    auto request = ParseReportRequest(query, default_currency);
    if (!request.ok()) return Fail(request.status().message());
    pdf = donor ? DonorReportPdf(repo, catalog, index, cl.words[2], *request, settings)
                : AuditReportPdf(repo, catalog, index, *request, settings);
  }
  if (!pdf.ok()) return Fail(pdf.status().message());
  if (int written = WriteOutput(cl, *pdf); written != 0) return written;
  std::cout << "zapas: " << cl.Get("output") << " written" << std::endl;
  return 0;
}

}  // namespace

const Subcommand kPrint = {
    "Usage: zapas print waybill DELIVERY-ID -o FILE.pdf [--db PATH] [--config FILE]\n"
    "       zapas print grn RECEIPT-ID -o FILE.pdf\n"
    "       zapas print donor CODE --from D --to D [--currency C] [--lang en|uk] -o FILE.pdf\n"
    "       zapas print audit --from D --to D [--currency C] -o FILE.pdf\n"
    "       zapas print labels [--warehouse W] [--sku S] [--lot L] [--copies N]\n"
    "                          [--layout a4-3x8|thermal-100x150] -o FILE.pdf\n"
    "Prints a delivery's waybill (the transfer act for a military unit), a receipt's\n"
    "goods received note, a donor's report, the audit report, or lot labels (a GS1\n"
    "Data Matrix of GTIN, expiry and lot; Zapas' own lot code for items without a\n"
    "GTIN) from the stored records. Works while the server runs.\n",
    PrintTakes, Print};

}  // namespace zapas::cli
