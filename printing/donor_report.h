// The donor's report as an A4 PDF, in English or in Ukrainian: what a donor
// gave and what became of it over a period.
//
// DonorReportData is plain data that the caller fills from the figures of
// domain/donor_report.h (services/app/donor_report.cc); RenderDonorReport lays it out in the
// documents' visual language: the title with the donor's name and the period, key figures in tiles,
// the money (received, spent by purpose, remaining), the goods by category (received, delivered,
// written off, in stock), the deliveries by recipient kind and region with the households, people
// and organisations reached, a bar chart of the deliveries per month (vector graphics), and the
// stock remaining with its expiry. Every page's footer carries "page N of M"
// and the report's reference.
//
// Personal data: the report holds aggregates only. DonorReportData has no
// field for a recipient's name, code, phone or document, so none can appear.
//
// Thread-safe: RenderDonorReport shares nothing between calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/donor_report.h"
#include "domain/money.h"
#include "domain/status.h"
#include "printing/bar_chart.h"
#include "printing/excluded.h"
#include "printing/pdf_document.h"
#include "printing/report_blocks.h"

namespace zapas::printing {

// One lot still in stock on the last day of the period.
struct DonorReportStockLine {
  std::string name_en;
  std::string name_uk;
  std::string category;
  std::string lot;
  std::string warehouse;  // where it lies: the warehouse's region or name
  std::string quantity;   // as printed: FormatQuantity
  std::string unit_en, unit_uk;
  std::optional<Date> expiry;  // none: does not expire
  int32_t days_in_stock = 0;
  MoneySum value = MoneySum::Zero(*FindCurrency("UAH"));  // declared, in the lot's currency
};

struct DonorReportData {
  ReportLanguage language = ReportLanguage::kEnglish;
  std::string org_name;   // who issues the report
  std::string reference;  // the footer's reference: "DE-HILFE 2026-11-01..2026-11-30"
  Date issued = Date::FromDays(0);

  std::string donor_code;
  std::string donor_name;
  std::string donor_country;
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  std::string currency;  // the report currency's code: every Money below but stock values

  // The donor's figures in the report currency (domain/donor_report.h):
  // money given in cash (opening_remaining before `from`, received, spent,
  // remaining on `to`) and goods given in kind (received, distributed,
  // written off, in stock on `to`).
  DonorReconciliation totals =
      DonorReconciliation(Donor{0, "", "", "", FindCurrency("UAH")}, *FindCurrency("UAH"));
  std::vector<DonorPurpose> purposes;     // in the order to print
  std::vector<DonorCategory> categories;  // known English names are translated for kUkrainian
  std::vector<DonorDeliveries> deliveries;

  // Reach in the period: distinct IDP households delivered to, the people in
  // them (as far as their household size is recorded), and the other
  // recipients (units, shelters, hospitals, communities) as organisations.
  int households = 0;
  int64_t people = 0;
  int households_without_size = 0;
  int organisations = 0;

  // Entries of the donor's money or goods left out of the figures above.
  std::vector<ExcludedEntryRow> excluded;

  // The value delivered per month (or quarter, or year, for long periods).
  std::vector<ChartBar> monthly;
  std::string monthly_caption;  // "per month", in the report's language

  std::vector<DonorReportStockLine> stock;  // in the order to print
  int expiry_warning_days = 90;  // stock expiring within this many days of `to` is marked
};

// Renders the report as PDF bytes. kInvalid naming the field when the donor's
// name or the currency is empty; kInvalid also when a font cannot be loaded;
// kInternal when libharu fails.
Result<std::string> RenderDonorReport(const DonorReportData& data, const PrintOptions& options);

// The label of a recipient kind's code ("idp_household" -> "IDP households",
// "Домогосподарства ВПО"); the code itself when unknown.
std::string RecipientKindLabel(const std::string& kind, ReportLanguage language);
// Short month names for chart labels: "Nov" / "лист".
std::string ShortMonthName(int month, ReportLanguage language);

}  // namespace zapas::printing
