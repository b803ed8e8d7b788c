// The cash book's write jobs: accounts, and the money operations that
// become balanced journal entries (donations, payments, transfers,
// exchanges, bank fees).
#include <cstdio>

#include "domain/books.h"
#include "domain/journal_document.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

namespace zapas {

void WriteAccount(JsonWriter& w, const Account& a) {
  w.BeginObject()
      .Field("id", std::to_string(a.id))
      .Field("code", a.code)
      .Field("name", a.name)
      .Field("currency", a.currency->code)
      .Field("kind", AccountKindName(a.kind))
      .Field("ledger_account", AssetAccountName(a));
  if (!a.site.empty()) w.Field("site", a.site);
  w.EndObject();
}

namespace {

// The account named by `field`, or kInvalid.
// kConflict when another site books on it (CheckAccountOwned).
Result<Account> AccountOf(const WriteContext& ctx, const std::string& code,
                          const std::string& field) {
  ZAPAS_ASSIGN_OR_RETURN(auto account, ctx.repo.FindAccount(code));
  if (!account) {
    ZAPAS_ASSIGN_OR_RETURN(auto like, ctx.repo.CodeTakenIgnoringCase(CodeKind::kAccount, code));
    return Status::Field(field, UnknownCodeMessage(CodeKind::kAccount, code, like.value_or("")));
  }
  ZAPAS_RETURN_IF_ERROR(CheckAccountOwned(ctx.catalog, *account));
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

Result<OneAccount> LookUpAccount(const WriteContext& ctx, const std::string& account_code,
                                 const Money& amount, Date date) {
  ZAPAS_ASSIGN_OR_RETURN(Account account, AccountOf(ctx, account_code, "account"));
  ZAPAS_ASSIGN_OR_RETURN(Rate rate, CheckedRate(ctx.repo, amount, account, "amount", date));
  return OneAccount{std::move(account), rate};
}

// The donor named by the request's "donor", or kInvalid.
Result<const Donor*> DonorOf(const Catalog& catalog, const std::string& code) {
  const Donor* donor = catalog.DonorByCode(code);
  if (donor == nullptr) return Status::Field("donor", catalog.Unknown(CodeKind::kDonor, code));
  return donor;
}

// The document of an operation on one account, before its own fields.
CashDocument OneAccountDocument(const char* kind, Date date, const std::string& account,
                                const Money& amount, const Rate& rate) {
  return {
      .kind = kind, .date = date, .account = account, .amount = amount, .rate = rate.RateString()};
}

// Numbers, stores and answers one money operation; `doc` holds its kind and
// its own fields (account, amount, ...), dated `doc.date`.
Result<Written> StoreOperation(WriteContext& ctx, CashDocument doc,
                               std::vector<MoneyPosting> postings) {
  ZAPAS_RETURN_IF_ERROR(CheckBalanced(postings));
  ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, doc.date));
  const std::string prefix(NumberPrefix(doc.kind));
  ZAPAS_ASSIGN_OR_RETURN(doc.number, ctx.NextNumber(prefix, doc.date.year()));
  for (const MoneyPosting& p : postings) {
    doc.postings.push_back(CashDocumentPosting{p.ledger_account, p.amount, p.uah});
  }
  doc.recorded_at = ctx.recorded_at;
  doc.recorded_by = ctx.who.username;
  JournalEntry entry = ctx.NewEntry(doc.kind, doc.date, doc.number);
  entry.document = EncodeDocument(doc);
  entry.money = std::move(postings);
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
  return Written{EntryJson(id, entry.document)};
}

}  // namespace

WriteWork CashDonationWork(const CashDonationRequest& d) {
  return [d](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(const Donor* donor, DonorOf(ctx.catalog, d.donor));
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx, d.account, d.amount, d.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookDonation(op.account, *donor, d.amount, op.rate));
    CashDocument doc = OneAccountDocument("cash_donation", d.date, d.account, d.amount, op.rate);
    doc.donor = d.donor;
    doc.earmark = d.earmark;
    return StoreOperation(ctx, std::move(doc), std::move(postings));
  };
}

WriteWork CashPaymentWork(const CashPaymentRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    const Donor* donor = nullptr;  // a payment need not be charged to a donor
    if (!r.donor.empty()) {
      ZAPAS_ASSIGN_OR_RETURN(donor, DonorOf(ctx.catalog, r.donor));
    }
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx, r.account, r.amount, r.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookPayment(op.account, r.amount, donor, op.rate));
    CashDocument doc = OneAccountDocument("payment", r.date, r.account, r.amount, op.rate);
    doc.donor = r.donor;
    doc.purpose = r.purpose;
    return StoreOperation(ctx, std::move(doc), std::move(postings));
  };
}

WriteWork CashTransferWork(const CashTransferRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(Account from, AccountOf(ctx, r.account_from, "account_from"));
    ZAPAS_ASSIGN_OR_RETURN(Account to, AccountOf(ctx, r.account_to, "account_to"));
    ZAPAS_ASSIGN_OR_RETURN(Rate rate, CheckedRate(ctx.repo, r.amount, from, "amount", r.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookTransfer(from, to, r.amount, rate));
    return StoreOperation(ctx,
                          {.kind = "cash_transfer",
                           .date = r.date,
                           .account_from = r.account_from,
                           .account_to = r.account_to,
                           .amount = r.amount,
                           .rate = rate.RateString()},
                          std::move(postings));
  };
}

WriteWork CashExchangeWork(const CashExchangeRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(Account from, AccountOf(ctx, r.account_from, "account_from"));
    ZAPAS_ASSIGN_OR_RETURN(Account to, AccountOf(ctx, r.account_to, "account_to"));
    ZAPAS_RETURN_IF_ERROR(CheckAmount(r.sold, from, "sold"));
    ZAPAS_RETURN_IF_ERROR(CheckAmount(r.bought, to, "bought"));
    ZAPAS_ASSIGN_OR_RETURN(Rate sold_rate, RateFor(ctx.repo, r.sold, r.date));
    ZAPAS_ASSIGN_OR_RETURN(Rate bought_rate, RateFor(ctx.repo, r.bought, r.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings,
                           BookExchange(from, to, r.sold, sold_rate, r.bought, bought_rate));
    return StoreOperation(ctx,
                          {.kind = "exchange",
                           .date = r.date,
                           .account_from = r.account_from,
                           .account_to = r.account_to,
                           .sold = r.sold,
                           .bought = r.bought,
                           .sold_rate = sold_rate.RateString(),
                           .bought_rate = bought_rate.RateString()},
                          std::move(postings));
  };
}

WriteWork BankFeeWork(const BankFeeRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(OneAccount op, LookUpAccount(ctx, r.account, r.amount, r.date));
    ZAPAS_ASSIGN_OR_RETURN(auto postings, BookFee(op.account, r.amount, op.rate));
    CashDocument doc = OneAccountDocument("bank_fee", r.date, r.account, r.amount, op.rate);
    doc.purpose = r.purpose;
    return StoreOperation(ctx, std::move(doc), std::move(postings));
  };
}

std::optional<Account> ReadAccount(FieldReader& in) {
  Account a;
  a.code = in.NewCode("code");
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
  return a;
}

WriteWork CreateAccountWork(const Account& account) {
  return [a = account](WriteContext& ctx) mutable -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Рахунки", "Accounts"));
    ZAPAS_RETURN_IF_ERROR(CheckCodeFree(ctx.repo, CodeKind::kAccount, a.code));
    ZAPAS_ASSIGN_OR_RETURN(a.id, ctx.repo.InsertAccount(a));
    JsonWriter w;
    WriteAccount(w, a);
    return Written{w.Take()};
  };
}

}  // namespace zapas
