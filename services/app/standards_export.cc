// The catalogue as CSV, deliveries as HXL, donors' funds and goods as IATI.
#include "services/app/standards_export.h"

#include <chrono>
#include <map>
#include <set>

#include "domain/csv.h"
#include "domain/decimal.h"
#include "domain/journal_document.h"
#include "domain/kits.h"
#include "domain/report.h"
#include "services/app/documents.h"
#include "services/app/goods.h"
#include "services/app/reports.h"
#include "services/clock.h"

namespace zapas {
namespace {

const PageRequest kAll{"", 1 << 30};

std::string Decimal(__int128 minor) { return FormatScaledDecimal(minor, 2); }

// Goods moving in or out of the donors' hands: one lot's quantity in one
// stock entry. A reversal counts against the movement it undoes.
struct GoodsFlow {
  Date date = Date::FromDays(0);
  bool incoming = true;  // a receipt (or its reversal), else a delivery (or its)
  std::string number;    // the receipt's (or reversal's) document number
  const Lot* lot = nullptr;
  int64_t milli = 0;                     // signed: negative for a reversal
  const Recipient* recipient = nullptr;  // of a delivery
};

// The recipient a stored delivery names, or nullptr when it names none the
// catalog knows.
const Recipient* DeliveredTo(const Catalog& catalog, const JournalEntry& delivery) {
  auto doc = DecodeMovement(delivery.kind, delivery.document);
  return doc.ok() ? catalog.RecipientByCode(doc->recipient) : nullptr;
}

Status ForEachGoodsFlow(Repository& repo, const Catalog& catalog, const ExportPeriod& period,
                        const std::function<Status(const GoodsFlow&)>& visit) {
  struct Seen {
    bool incoming;
    const Recipient* recipient;
  };
  std::map<int64_t, Seen> movements;  // receipts and deliveries, by entry id
  Status failed = Status::Ok();
  KitHoldings kits(catalog);  // a kit lot's flows are its components' (domain/kits.h)
  ZAPAS_RETURN_IF_ERROR(repo.ForEachStockEntry(period.to, [&](const JournalEntry& e) {
    const std::vector<Posting> postings = kits.Expand(e.postings);
    Seen seen{true, nullptr};
    if (e.kind == "receipt") {
      movements[e.id] = seen;
    } else if (e.kind == "delivery") {
      seen = {false, DeliveredTo(catalog, e)};
      movements[e.id] = seen;
    } else if (e.kind == "reversal" && movements.count(e.refers_to) > 0) {
      seen = movements[e.refers_to];
    } else if (e.kind == "return") {
      // Goods back from a recipient: a delivery undone in part.
      seen = {false, DeliveredTo(catalog, e)};
    } else {
      return;  // transfers, adjustments: no donor-facing flow
    }
    if (e.date < period.from || !failed.ok()) return;
    if (!period.site.empty() && e.site != period.site) return;
    for (const Posting& p : postings) {
      GoodsFlow f{e.date,
                  seen.incoming,
                  e.number,
                  catalog.LotById(p.lot_id),
                  seen.incoming ? p.delta : -p.delta,
                  seen.recipient};
      if (f.lot == nullptr) continue;
      if (Status s = visit(f); !s.ok()) failed = s;
    }
  }));
  return failed;
}

// A flow's value at the lot's declared unit value, in the lot's currency,
// exact in 128 bits whatever a lot of an older journal holds.
Result<MoneySum> ValueOf(const GoodsFlow& f) {
  ZAPAS_ASSIGN_OR_RETURN(
      __int128 minor, MultiplyDivideRound(f.milli, static_cast<uint64_t>(f.lot->unit_value_minor),
                                          Quantity::kScale));
  return MoneySum::FromMinor(minor, *f.lot->currency);
}

Result<Rate> RateOn(const RateTable& rates, const Currency& currency, Date date) {
  auto rate = rates.InForce(currency, date);
  if (!rate.ok()) {
    return Status::Field("to", "no NBU rate of " + std::string(currency.code) + " on or before " +
                                   date.ToString() + ": import the NBU rates of that period");
  }
  return *rate;
}

std::string Month(Date d) { return d.ToString().substr(0, 7); }

// ---- HXL ----

struct HxlKey {
  std::string month, region, kind, sku, donor;
  auto operator<=>(const HxlKey&) const = default;
};

struct HxlSums {
  __int128 milli = 0;
  __int128 uah = 0;                  // kopiyky
  __int128 usd = 0;                  // cents
  std::set<std::string> households;  // codes, only to count them
};

}  // namespace

Result<ExportPeriod> ParseExportPeriod(const std::map<std::string, std::string>& query) {
  ExportPeriod p;
  p.from = Date::Parse("2000-01-01").value();
  p.to = Today();
  std::vector<FieldError> errors;
  for (auto [name, date] : {std::pair{"from", &p.from}, std::pair{"to", &p.to}}) {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) continue;
    auto d = Date::Parse(it->second);
    if (!d.ok()) {
      errors.push_back({name, d.status().message()});
    } else {
      *date = *d;
    }
  }
  if (errors.empty() && p.to < p.from) errors.push_back({"to", "must not be before from"});
  if (auto it = query.find("site"); it != query.end()) p.site = it->second;
  if (!p.site.empty() && !IsSiteCode(p.site)) errors.push_back({"site", "is no site's code"});
  if (!errors.empty())
    return Status(StatusCode::kInvalid, errors.front().field + ": " + errors.front().message,
                  errors);
  return p;
}

Result<std::string> ItemsCsv(Repository& repo) {
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Item> items, repo.ListItems(kAll));
  std::string out;
  AppendCsvRow(out, {"sku", "name_uk", "name_en", "unit", "category", "expiry_tracked", "gtins"});
  for (const Item& i : items) {
    std::string gtins;
    for (const ItemGtin& g : i.gtins) {
      gtins += (gtins.empty() ? "" : ";") + g.gtin + "=" + g.quantity.ToString();
    }
    AppendCsvRow(out, {i.sku, i.name_uk, i.name_en, std::string(UnitName(i.unit)), i.category,
                       i.expiry_tracked ? "true" : "false", gtins});
  }
  return out;
}

Result<std::string> HxlDistributions(Repository& repo, const ExportPeriod& period) {
  ReadSnapshot snapshot(repo);
  ZAPAS_RETURN_IF_ERROR(snapshot.Begin());
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(rates));
  ZAPAS_ASSIGN_OR_RETURN(auto household_sizes, repo.HouseholdSizes());
  const Currency& usd = *FindCurrency("USD");
  const Currency& uah_currency = *FindCurrency("UAH");

  std::map<HxlKey, HxlSums> rows;
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsFlow(repo, catalog, period, [&](const GoodsFlow& f) -> Status {
    if (f.incoming || f.recipient == nullptr) return Status::Ok();
    const Item* item = catalog.ItemById(f.lot->item_id);
    const Donor* donor = catalog.DonorById(f.lot->donor_id);
    HxlKey key{Month(f.date), f.recipient->region,
               std::string(RecipientKindName(f.recipient->kind)), item ? item->sku : "",
               donor ? donor->code : ""};
    ZAPAS_ASSIGN_OR_RETURN(MoneySum value, ValueOf(f));
    ZAPAS_ASSIGN_OR_RETURN(Rate rate, RateOn(rates, value.currency(), f.date));
    ZAPAS_ASSIGN_OR_RETURN(Rate uah_rate, rates.InForce(uah_currency, f.date));
    ZAPAS_ASSIGN_OR_RETURN(MoneySum uah, Convert(value, rate, uah_rate));
    ZAPAS_ASSIGN_OR_RETURN(Rate usd_rate, RateOn(rates, usd, f.date));
    ZAPAS_ASSIGN_OR_RETURN(MoneySum in_usd, Convert(uah, uah_rate, usd_rate));
    HxlSums& s = rows[key];
    s.milli += f.milli;
    s.uah += uah.minor_units();
    s.usd += in_usd.minor_units();
    if (f.recipient->kind == RecipientKind::kIdpHousehold) s.households.insert(f.recipient->code);
    return Status::Ok();
  }));
  ZAPAS_RETURN_IF_ERROR(snapshot.End());

  std::string out;
  AppendCsvRow(
      out, {"Month", "Region", "Recipient kind", "Item", "Item code", "Unit", "Quantity delivered",
            "Value UAH", "Value USD", "Funding donor", "Households reached", "People reached"});
  AppendCsvRow(out, {"#date", "#adm1+name", "#org+recipient+type", "#item+name", "#item+code",
                     "#item+unit", "#output+num", "#value+uah", "#value+usd", "#org+funding",
                     "#reached+hh", "#reached+ind"});
  for (const auto& [key, s] : rows) {
    const Item* item = catalog.ItemBySku(key.sku);
    const Donor* donor = catalog.DonorByCode(key.donor);
    int64_t people = 0;
    for (const std::string& code : s.households) {
      if (auto it = household_sizes.find(code); it != household_sizes.end()) people += it->second;
    }
    const bool households = key.kind == RecipientKindName(RecipientKind::kIdpHousehold);
    AppendCsvRow(out, {key.month, key.region, key.kind, item ? item->name_en : "", key.sku,
                       item ? std::string(UnitName(item->unit)) : "",
                       FormatScaledDecimalTrimmed(s.milli, Quantity::kDigits), Decimal(s.uah),
                       Decimal(s.usd), donor ? donor->name : key.donor,
                       households ? std::to_string(s.households.size()) : "",
                       households ? std::to_string(people) : ""});
  }
  return out;
}

// ---- IATI ----

namespace {

std::string Xml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Narrative(std::string_view text) { return "<narrative>" + Xml(text) + "</narrative>"; }

// DAC 5 sector of goods: emergency food aid for food, material relief else.
const char* SectorOf(const Item* item) {
  return item != nullptr && item->category.rfind("food", 0) == 0 ? "72040" : "72010";
}

struct IatiTransaction {
  int type = 1;  // TransactionType: 1 incoming funds, 4 expenditure
  Date date = Date::FromDays(0);
  MoneySum value = MoneySum::Zero(*FindCurrency("UAH"));
  std::string description;
  bool from_donor = true;  // provider the donor, receiver us; else provider us
  std::string receiver;    // narrative of the receiver when we spend
  const char* sector = "72010";
};

// Goods of one donor summed into transactions: by receipt, or by month,
// recipient kind and region for what was distributed (never one recipient).
struct GoodsKey {
  bool incoming;
  std::string group;  // receipt number, or month|kind|region
  std::string sector;
  std::string currency;
  auto operator<=>(const GoodsKey&) const = default;
};

struct GoodsSum {
  Date date = Date::FromDays(0);  // the last date of the group
  __int128 minor = 0;
  std::string description, receiver;
};

void AppendTransaction(std::string& out, const IatiTransaction& t, const Donor& donor,
                       const IatiPublisher& p) {
  const std::string us = "<narrative>" + Xml(p.org_name) + "</narrative>";
  const std::string them = Narrative(donor.name);
  out += "    <transaction>\n";
  out += "      <transaction-type code=\"" + std::to_string(t.type) + "\"/>\n";
  out += "      <transaction-date iso-date=\"" + t.date.ToString() + "\"/>\n";
  out += "      <value currency=\"" + std::string(t.value.currency_code()) + "\" value-date=\"" +
         t.date.ToString() + "\">" +
         FormatScaledDecimal(t.value.minor_units(), t.value.currency().digits) + "</value>\n";
  out += "      <description>" + Narrative(t.description) + "</description>\n";
  if (t.from_donor) {
    out += "      <provider-org>" + them + "</provider-org>\n";
    out += "      <receiver-org ref=\"" + Xml(p.org_id) + "\">" + us + "</receiver-org>\n";
  } else {
    out += "      <provider-org ref=\"" + Xml(p.org_id) + "\">" + us + "</provider-org>\n";
    if (!t.receiver.empty())
      out += "      <receiver-org>" + Narrative(t.receiver) + "</receiver-org>\n";
  }
  out += "      <sector vocabulary=\"1\" code=\"" + std::string(t.sector) + "\"/>\n";
  out += "      <finance-type code=\"110\"/>\n";               // standard grant
  out += "      <aid-type code=\"C01\" vocabulary=\"1\"/>\n";  // project-type intervention
  out += "    </transaction>\n";
}

Result<std::vector<IatiTransaction>> TransactionsOf(Repository& repo, const Catalog& catalog,
                                                    const ExportPeriod& period,
                                                    const Donor& donor) {
  std::vector<IatiTransaction> out;
  // Money: the donor's cash gifts and the payments charged to its funds.
  ZAPAS_RETURN_IF_ERROR(repo.ForEachMoneyPosting(period.to, [&](const MoneyRow& row) {
    const MoneyPosting& p = row.posting;
    if (row.date < period.from || p.donor_id != donor.id || p.amount.minor_units() <= 0) return;
    if (!period.site.empty() && row.site != period.site) return;
    if (row.kind == "cash_donation") {
      out.push_back(
          {1, row.date, MoneySum::Of(p.amount), "Cash donation " + row.number, true, "", "72010"});
    } else if (row.kind == "payment") {
      out.push_back({4, row.date, MoneySum::Of(p.amount),
                     "Payment " + row.number + " from the donor's funds", false, "", "72010"});
    }
  }));
  // Goods, summed.
  std::map<GoodsKey, GoodsSum> goods;
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsFlow(repo, catalog, period, [&](const GoodsFlow& f) -> Status {
    if (f.lot->donor_id != donor.id) return Status::Ok();
    ZAPAS_ASSIGN_OR_RETURN(MoneySum value, ValueOf(f));
    const char* sector = SectorOf(catalog.ItemById(f.lot->item_id));
    GoodsKey key{f.incoming, "", sector, std::string(value.currency_code())};
    std::string description, receiver;
    if (f.incoming) {
      key.group = f.number;
      description = "Goods received in kind, " + f.number + ", at the donor's declared value";
    } else {
      const std::string kind(f.recipient ? RecipientKindName(f.recipient->kind) : "unknown");
      const std::string region = f.recipient ? f.recipient->region : "";
      key.group = Month(f.date) + "|" + kind + "|" + region;
      description = "Goods distributed in kind in " + Month(f.date) + " to " + kind +
                    " recipients in " + region;
      receiver = kind + " recipients, " + region;
    }
    GoodsSum& s = goods[key];
    s.date = std::max(s.date, f.date);
    s.minor += value.minor_units();
    s.description = description;
    s.receiver = receiver;
    return Status::Ok();
  }));
  for (const auto& [key, s] : goods) {
    if (s.minor == 0) continue;
    const Currency& currency = *FindCurrency(key.currency);
    out.push_back({key.incoming ? 1 : 4, s.date, MoneySum::FromMinor(s.minor, currency),
                   s.description, key.incoming, s.receiver,
                   key.sector == "72040" ? "72040" : "72010"});
  }
  std::stable_sort(out.begin(), out.end(), [](const IatiTransaction& a, const IatiTransaction& b) {
    return a.date < b.date;
  });
  return out;
}

}  // namespace

Result<std::string> IatiActivities(Repository& repo, const ExportPeriod& period,
                                   const std::string& donor_code, const IatiPublisher& p) {
  ReadSnapshot snapshot(repo);
  ZAPAS_RETURN_IF_ERROR(snapshot.Begin());
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Donor> donors, repo.ListDonors(kAll));
  if (!donor_code.empty()) {
    const Donor* d = catalog.DonorByCode(donor_code);
    if (d == nullptr) return Status::NotFound("no donor " + donor_code);
    donors = {*d};
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<iati-activities version=\"2.03\" generated-datetime=\"" + p.generated_at + "\">\n";
  for (const Donor& donor : donors) {
    ZAPAS_ASSIGN_OR_RETURN(auto transactions, TransactionsOf(repo, catalog, period, donor));
    const std::string currency(donor.currency ? donor.currency->code : std::string_view("UAH"));
    const Date start = transactions.empty() ? period.from : transactions.front().date;
    out += "  <iati-activity default-currency=\"" + currency + "\" humanitarian=\"1\" " +
           "last-updated-datetime=\"" + p.generated_at + "\" xml:lang=\"en\">\n";
    out += "    <iati-identifier>" + Xml(p.org_id + "-" + donor.code) + "</iati-identifier>\n";
    out += "    <reporting-org ref=\"" + Xml(p.org_id) + "\" type=\"22\">" + Narrative(p.org_name) +
           "</reporting-org>\n";
    out += "    <title>" + Narrative("Humanitarian aid in Ukraine funded by " + donor.name) +
           "</title>\n";
    out += "    <description>" +
           Narrative("Money and goods given by " + donor.name + " (" + donor.code +
                     ") and their distribution, " + period.from.ToString() + " to " +
                     period.to.ToString() +
                     ". Goods at the donor's declared value; "
                     "distributions summed by month, recipient kind and region.") +
           "</description>\n";
    out += "    <participating-org role=\"1\">" + Narrative(donor.name) + "</participating-org>\n";
    out += "    <participating-org ref=\"" + Xml(p.org_id) + "\" role=\"4\" type=\"22\">" +
           Narrative(p.org_name) + "</participating-org>\n";
    out += "    <activity-status code=\"2\"/>\n";  // implementation
    out +=
        "    <activity-date iso-date=\"" + start.ToString() + "\" type=\"2\"/>\n";  // actual start
    out += "    <recipient-country code=\"UA\"/>\n";
    for (const IatiTransaction& t : transactions) AppendTransaction(out, t, donor, p);
    out += "  </iati-activity>\n";
  }
  out += "</iati-activities>\n";
  ZAPAS_RETURN_IF_ERROR(snapshot.End());
  return out;
}

IatiPublisher IatiPublisherOf(const DocumentSettings& settings) {
  IatiPublisher p;
  p.org_name = settings.org_name;
  // An IATI organisation identifier is {registration agency}-{number}; a
  // Ukrainian organisation's is its ЄДРПОУ code in the state register (UA-EDR).
  p.org_id = !settings.iati_id.empty()      ? settings.iati_id
             : !settings.org_edrpou.empty() ? "UA-EDR-" + settings.org_edrpou
                                            : "UA-EDR-UNREGISTERED";
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  p.generated_at = FormatTimestamp(settings.fixed_time.value_or(now));
  return p;
}

// ---- HTTP ----

}  // namespace zapas
