// The cash book: accounts, and the money operations that become balanced
// journal entries (donations, payments, transfers, exchanges, bank fees).
#include <cstdio>

#include "domain/books.h"
#include "services/api.h"
#include "services/requests.h"

namespace zapas {
namespace {

void WriteAccount(JsonWriter& w, const Account& a) {
  w.BeginObject()
      .Field("id", std::to_string(a.id))
      .Field("code", a.code)
      .Field("name", a.name)
      .Field("currency", a.currency->code)
      .Field("kind", AccountKindName(a.kind))
      .Field("ledger_account", AssetAccountName(a))
      .EndObject();
}

// The account named by `field`, or kInvalid.
Result<Account> AccountOf(Repository& repo, const std::string& code, const std::string& field) {
  ZAPAS_ASSIGN_OR_RETURN(auto account, repo.FindAccount(code));
  if (!account) return Status::Field(field, "unknown account \"" + code + "\"");
  return *account;
}

// The NBU rate of the amount's currency in force on `date`, or kInvalid.
Result<Rate> RateFor(Repository& repo, const Money& amount, Date date) {
  static const RateTable kNone;  // answers UAH with 1
  if (amount.currency_code() == "UAH") return kNone.InForce(amount.currency(), date);
  ZAPAS_ASSIGN_OR_RETURN(auto rate, repo.RateInForce(amount.currency(), date));
  if (!rate) {
    return Status::Field("date", "no NBU rate of " + std::string(amount.currency_code()) +
                                     " on or before " + date.ToString() +
                                     ": import the NBU rates of that period first");
  }
  return *rate;
}

// Checks that `amount` (the request's `field`) is positive and in `account`'s
// currency, then finds the NBU rate it is booked at on `date`.
Result<Rate> CheckedRate(Repository& repo, const Money& amount, const Account& account,
                         const char* field, Date date) {
  ZAPAS_RETURN_IF_ERROR(CheckAmount(amount, account, field));
  return RateFor(repo, amount, date);
}

// What an operation on one account (request fields "account" and "amount")
// looks up: the account, and the amount's rate on the operation's date.
struct OneAccount {
  Account account;
  Rate rate;
};

Result<OneAccount> LookUpAccount(Repository& repo, const std::string& account_code,
                                 const Money& amount, Date date) {
  ZAPAS_ASSIGN_OR_RETURN(Account account, AccountOf(repo, account_code, "account"));
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, CheckedRate(repo, amount, account, "amount", date));
  return OneAccount{std::move(account), rate};
}

// Numbers, stores and answers one money operation.
Result<Reply> StoreOperation(WriteContext& ctx, const char* kind, const char* prefix, Date date,
                             std::vector<MoneyPosting> postings,
                             const std::function<void(JsonWriter&)>& header) {
  ZAPAS_RETURN_IF_ERROR(CheckBalanced(postings));
  ZAPAS_RETURN_IF_ERROR(CheckPeriodOpenIn(ctx.repo, date));
  ZAPAS_ASSIGN_OR_RETURN(int64_t n, ctx.repo.NextNumber(prefix, date.year()));
  char number[48];
  std::snprintf(number, sizeof number, "%s-%04d-%06lld", prefix, date.year(),
                static_cast<long long>(n));
  JsonWriter doc;
  doc.BeginObject().Field("number", number).Field("kind", kind).Field("date", date.ToString());
  header(doc);
  doc.Key("postings").BeginArray();
  for (const MoneyPosting& p : postings) {
    doc.BeginObject().Field("account", p.ledger_account).Field("amount", p.amount).Field("uah", p.uah);
    doc.EndObject();
  }
  doc.EndArray().Field("recorded_at", ctx.recorded_at).Field("recorded_by", ctx.who.username);
  doc.EndObject();
  JournalEntry entry;
  entry.kind = kind;
  entry.number = number;
  entry.date = date;
  entry.recorded_at = ctx.recorded_at;
  entry.recorded_by = ctx.who.username;
  entry.document = doc.Take();
  entry.money = std::move(postings);
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
  return Reply{201, "{\"id\":\"" + std::to_string(id) + "\"," + entry.document.substr(1)};
}

}  // namespace

Result<Reply> Api::CreateAccount(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  Account a;
  a.code = in.Code("code");
  a.name = in.Text("name");
  std::string currency = in.Text("currency", true, 3);
  if (!currency.empty()) {
    a.currency = FindCurrency(currency);
    if (a.currency == nullptr) in.Fail("currency", "unknown currency \"" + currency + "\"");
  }
  std::string kind = in.Text("kind", true, 10);
  if (!kind.empty()) {
    auto k = ParseAccountKind(kind);
    if (!k) in.Fail("kind", "must be cash or bank");
    a.kind = k.value_or(AccountKind::kBank);
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, [a](WriteContext& ctx) mutable -> Result<Reply> {
    ZAPAS_ASSIGN_OR_RETURN(a.id, ctx.repo.InsertAccount(a));
    JsonWriter w;
    WriteAccount(w, a);
    return Reply{201, w.Take()};
  });
}

Result<Reply> Api::ListAccounts(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int limit, PageLimit(c.request.query));
  PageRequest page;
  page.limit = limit + 1;
  if (auto it = c.request.query.find("after"); it != c.request.query.end()) page.after = it->second;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Account> rows, conn->ListAccounts(page));
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const Account& a : rows) WriteAccount(w, a);
  w.EndArray().Key("next");
  if (more) w.String(rows.back().code); else w.Null();
  w.EndObject();
  return Reply{200, w.Take()};
}

CashDonationInput DecodeCashDonation(FieldReader& in) {
  CashDonationInput d;
  d.donor = in.Code("donor");
  d.date = in.DateValue("date");
  d.amount = in.MoneyValue("amount");
  d.account = in.Code("account");
  d.earmark = in.Text("earmark", false);
  return d;
}

WriteWork CashDonationWork(const CashDonationInput& d) {
  return [d](WriteContext& ctx) -> Result<Reply> {
    const Donor* donor = ctx.catalog.DonorByCode(d.donor);
    if (donor == nullptr) return Status::Field("donor", "unknown donor \"" + d.donor + "\"");
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx.repo, d.account, *d.amount, *d.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookDonation(op.account, *donor, *d.amount, op.rate));
    return StoreOperation(
        ctx, "cash_donation", "CD", *d.date, std::move(postings), [&](JsonWriter& w) {
          w.Field("donor", d.donor).Field("account", d.account).Field("amount", *d.amount);
          if (!d.earmark.empty()) w.Field("earmark", d.earmark);
          w.Field("rate", op.rate.RateString());
        });
  };
}

Result<Reply> Api::CashDonation(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(WriteWork work,
                         JsonWork(c.request.body, DecodeCashDonation, CashDonationWork));
  return Write(c, std::move(work));
}

Result<Reply> Api::CashPayment(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date");
  std::optional<Money> amount = in.MoneyValue("amount");
  std::string account_code = in.Code("account");
  std::string purpose = in.Text("purpose");
  std::string donor_code = in.Code("donor", false);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, [=](WriteContext& ctx) -> Result<Reply> {
    const Donor* donor = nullptr;
    if (!donor_code.empty()) {
      donor = ctx.catalog.DonorByCode(donor_code);
      if (donor == nullptr) return Status::Field("donor", "unknown donor \"" + donor_code + "\"");
    }
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx.repo, account_code, *amount, *date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookPayment(op.account, *amount, donor, op.rate));
    return StoreOperation(ctx, "payment", "PAY", *date, std::move(postings), [&](JsonWriter& w) {
      w.Field("account", account_code).Field("amount", *amount).Field("purpose", purpose);
      if (donor != nullptr) w.Field("donor", donor_code);
      w.Field("rate", op.rate.RateString());
    });
  });
}

Result<Reply> Api::CashTransfer(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date");
  std::string from_code = in.Code("account_from");
  std::string to_code = in.Code("account_to");
  std::optional<Money> amount = in.MoneyValue("amount");
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, [=](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_ASSIGN_OR_RETURN(Account from, AccountOf(ctx.repo, from_code, "account_from"));
    ZAPAS_ASSIGN_OR_RETURN(Account to, AccountOf(ctx.repo, to_code, "account_to"));
    ZAPAS_ASSIGN_OR_RETURN(Rate rate, CheckedRate(ctx.repo, *amount, from, "amount", *date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookTransfer(from, to, *amount, rate));
    return StoreOperation(ctx, "cash_transfer", "CT", *date, std::move(postings), [&](JsonWriter& w) {
      w.Field("account_from", from_code).Field("account_to", to_code).Field("amount", *amount);
      w.Field("rate", rate.RateString());
    });
  });
}

Result<Reply> Api::CashExchange(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date");
  std::string from_code = in.Code("account_from");
  std::string to_code = in.Code("account_to");
  std::optional<Money> sold = in.MoneyValue("sold");
  std::optional<Money> bought = in.MoneyValue("bought");
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, [=](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_ASSIGN_OR_RETURN(Account from, AccountOf(ctx.repo, from_code, "account_from"));
    ZAPAS_ASSIGN_OR_RETURN(Account to, AccountOf(ctx.repo, to_code, "account_to"));
    ZAPAS_RETURN_IF_ERROR(CheckAmount(*sold, from, "sold"));
    ZAPAS_RETURN_IF_ERROR(CheckAmount(*bought, to, "bought"));
    ZAPAS_ASSIGN_OR_RETURN(Rate sold_rate, RateFor(ctx.repo, *sold, *date));
    ZAPAS_ASSIGN_OR_RETURN(Rate bought_rate, RateFor(ctx.repo, *bought, *date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings,
                           BookExchange(from, to, *sold, sold_rate, *bought, bought_rate));
    return StoreOperation(ctx, "exchange", "FX", *date, std::move(postings), [&](JsonWriter& w) {
      w.Field("account_from", from_code).Field("account_to", to_code);
      w.Field("sold", *sold).Field("bought", *bought);
      w.Field("sold_rate", sold_rate.RateString()).Field("bought_rate", bought_rate.RateString());
    });
  });
}

Result<Reply> Api::BankFee(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date");
  std::optional<Money> amount = in.MoneyValue("amount");
  std::string account_code = in.Code("account");
  std::string purpose = in.Text("purpose", false);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, [=](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx.repo, account_code, *amount, *date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookFee(op.account, *amount, op.rate));
    return StoreOperation(ctx, "bank_fee", "FEE", *date, std::move(postings), [&](JsonWriter& w) {
      w.Field("account", account_code).Field("amount", *amount);
      if (!purpose.empty()) w.Field("purpose", purpose);
      w.Field("rate", op.rate.RateString());
    });
  });
}

}  // namespace zapas
