#include "services/app/export.h"

#include <map>
#include <set>

#include "domain/decimal.h"
#include "services/app/goods.h"
#include "services/clock.h"

namespace zapas {
namespace {

void AppendAmount(std::string& out, const Money& m) {
  AppendScaledDecimal(out, m.minor_units(), m.currency().digits);
  out += ' ';
  out += m.currency_code();
}

}  // namespace

namespace {

// Appends one posting line.
void AppendPosting(std::string& text, const MoneyPosting& p) {
  text += "    ";
  text += p.ledger_account;
  text += "  ";
  AppendAmount(text, p.amount);
  if (p.amount.currency_code() != "UAH") {
    // The booked UAH equivalent as total cost; hledger takes its sign from the amount.
    text += " @@ ";
    AppendScaledDecimal(text, std::abs(p.uah.minor_units()), p.uah.currency().digits);
    text += " UAH";
  }
  text += '\n';
}

Result<std::string> WriteJournal(Repository& repo, Date to) {
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(rates));
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));

  // Transactions by day (postings arrive by date, entry and line).
  std::map<int32_t, std::string> days;
  std::set<std::string> currencies{"UAH"};
  int64_t current_entry = -1;
  std::string* text = nullptr;
  Status visited = repo.ForEachMoneyPosting(to, [&](const MoneyRow& row) {
    if (row.entry_id != current_entry) {
      current_entry = row.entry_id;
      text = &days[row.date.days()];
      *text += '\n';
      *text += row.date.ToString();
      *text += ' ';
      *text += row.number;
      *text += " | ";
      *text += row.kind;
      *text += '\n';
    }
    currencies.insert(std::string(row.posting.amount.currency_code()));
    AppendPosting(*text, row.posting);
  });
  ZAPAS_RETURN_IF_ERROR(visited);

  // The goods: stock entries valued; an entry whose value cannot be computed
  // is named in a comment in its place.
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsEntry(
      repo, catalog, rates, to,
      [&](const JournalEntry& e, const Recipient*, const std::vector<MoneyPosting>& postings) {
        std::string& day = days[e.date.days()];
        day += '\n' + e.date.ToString() + ' ' + e.number + " | " + e.kind + " (goods)\n";
        for (const MoneyPosting& p : postings) {
          currencies.insert(std::string(p.amount.currency_code()));
          AppendPosting(day, p);
        }
      },
      [&](const JournalEntry& e, const std::string& reason) {
        days[e.date.days()] += "\n; " + e.date.ToString() + " " + e.number + " | " + e.kind +
                               " (goods): left out, its value cannot be computed: " + reason + "\n";
      }));

  // Each day's rates after that day's transactions (ledger reads @@ prices as
  // market rates too, and on a shared date the one read last wins).
  std::map<int32_t, std::string> prices;
  for (const Rate& r : rates.All()) {
    if (r.date > to || currencies.count(std::string(r.currency->code)) == 0) continue;
    std::string& line = prices[r.date.days()];
    line += "P " + r.date.ToString() + " " + std::string(r.currency->code) + " " + r.RateString() +
            " UAH\n";
  }

  std::string out = "; Zapas journal: money entries dated on or before " + to.ToString() +
                    ", amounts with their booked UAH equivalents as cost (@@), NBU rates as P.\n";
  for (const std::string& code : currencies) {
    const Currency* c = FindCurrency(code);
    out += "commodity " + code + "\n    format " +
           FormatScaledDecimal(1000 * PowerOfTen(c->digits), c->digits) + " " + code + "\n";
  }
  auto tx = days.begin();
  auto price = prices.begin();
  while (tx != days.end() || price != prices.end()) {
    int32_t day =
        std::min(tx != days.end() ? tx->first : std::numeric_limits<int32_t>::max(),
                 price != prices.end() ? price->first : std::numeric_limits<int32_t>::max());
    if (tx != days.end() && tx->first == day) out += (tx++)->second;
    if (price != prices.end() && price->first == day) out += "\n" + (price++)->second;
  }
  return out;
}

}  // namespace

Result<std::string> HledgerJournal(Repository& repo, Date to) {
  ZAPAS_RETURN_IF_ERROR(repo.BeginRead());
  Result<std::string> journal = WriteJournal(repo, to);
  (void)repo.EndRead();
  return journal;
}

}  // namespace zapas
