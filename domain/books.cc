#include "domain/books.h"

#include "domain/limits.h"
#include "domain/text.h"

namespace zapas {

Status CheckAmount(const Money& amount, const Account& account, const char* field) {
  if (!amount.minor_units() || amount.is_negative()) {
    return Status::Field(std::string(field) + ".amount", "must be greater than zero");
  }
  if (&amount.currency() != account.currency) {
    return Status::Field(std::string(field) + ".currency",
                         "must be " + std::string(account.currency->code) +
                             ", the currency of account " + account.code);
  }
  return CheckAmountLimit(amount, std::string(field) + ".amount");
}

namespace {

// The posting of `amount` (signed) on `ledger_account`, with its UAH equivalent.
Result<MoneyPosting> Line(std::string ledger_account, const Money& amount, const Rate& rate,
                          int32_t account_id = 0, int32_t donor_id = 0) {
  ZAPAS_ASSIGN_OR_RETURN(Money uah, ToUah(amount, rate));
  return MoneyPosting{std::move(ledger_account), account_id, donor_id, amount, uah};
}

// Debit `to`, credit `from`, one amount.
Result<std::vector<MoneyPosting>> Pair(std::string debit, int32_t debit_account, std::string credit,
                                       int32_t credit_account, const Money& amount,
                                       const Rate& rate, int32_t donor_id) {
  ZAPAS_ASSIGN_OR_RETURN(MoneyPosting d,
                         Line(std::move(debit), amount, rate, debit_account, donor_id));
  ZAPAS_ASSIGN_OR_RETURN(Money negative, amount.Negate());
  ZAPAS_ASSIGN_OR_RETURN(MoneyPosting c,
                         Line(std::move(credit), negative, rate, credit_account, donor_id));
  // Both sides carry the same UAH equivalent, so the entry balances exactly.
  ZAPAS_ASSIGN_OR_RETURN(c.uah, d.uah.Negate());
  return std::vector<MoneyPosting>{d, c};
}

}  // namespace

std::optional<AccountKind> ParseAccountKind(std::string_view s) {
  if (s == "cash") return AccountKind::kCash;
  if (s == "bank") return AccountKind::kBank;
  return std::nullopt;
}

std::string_view AccountKindName(AccountKind k) {
  return k == AccountKind::kCash ? "cash" : "bank";
}

std::string AssetAccountName(const Account& a) {
  return std::string("assets:") + std::string(AccountKindName(a.kind)) + ":" + AsciiLower(a.code);
}
std::string DonationsAccountName(const Donor& d) {
  return "income:donations:" + AsciiLower(d.code);
}
std::string PaymentsAccountName(const Donor* charged) {
  return "expenses:payments:" + (charged ? AsciiLower(charged->code) : std::string("general"));
}

Result<std::vector<MoneyPosting>> BookDonation(const Account& to, const Donor& donor,
                                               const Money& amount, const Rate& rate) {
  ZAPAS_RETURN_IF_ERROR(CheckAmount(amount, to, "amount"));
  return Pair(AssetAccountName(to), to.id, DonationsAccountName(donor), 0, amount, rate, donor.id);
}

Result<std::vector<MoneyPosting>> BookPayment(const Account& from, const Money& amount,
                                              const Donor* charged_to, const Rate& rate) {
  ZAPAS_RETURN_IF_ERROR(CheckAmount(amount, from, "amount"));
  return Pair(PaymentsAccountName(charged_to), 0, AssetAccountName(from), from.id, amount, rate,
              charged_to ? charged_to->id : 0);
}

Result<std::vector<MoneyPosting>> BookTransfer(const Account& from, const Account& to,
                                               const Money& amount, const Rate& rate) {
  if (from.id == to.id) return Status::Field("account_to", "must differ from account_from");
  if (from.currency != to.currency) {
    return Status::Field("account_to", "must hold the same currency as account_from (" +
                                           std::string(from.currency->code) +
                                           "); use an exchange between currencies");
  }
  ZAPAS_RETURN_IF_ERROR(CheckAmount(amount, from, "amount"));
  return Pair(AssetAccountName(to), to.id, AssetAccountName(from), from.id, amount, rate, 0);
}

Result<std::vector<MoneyPosting>> BookFee(const Account& from, const Money& amount,
                                          const Rate& rate) {
  ZAPAS_RETURN_IF_ERROR(CheckAmount(amount, from, "amount"));
  return Pair(kBankFeesAccount, 0, AssetAccountName(from), from.id, amount, rate, 0);
}

Result<std::vector<MoneyPosting>> BookExchange(const Account& from, const Account& to,
                                               const Money& sold, const Rate& sold_rate,
                                               const Money& bought, const Rate& bought_rate) {
  if (from.id == to.id) return Status::Field("account_to", "must differ from account_from");
  if (from.currency == to.currency) {
    return Status::Field("account_to", "holds the same currency as account_from: use a transfer");
  }
  ZAPAS_RETURN_IF_ERROR(CheckAmount(sold, from, "sold"));
  ZAPAS_RETURN_IF_ERROR(CheckAmount(bought, to, "bought"));
  ZAPAS_ASSIGN_OR_RETURN(Money sold_negative, sold.Negate());
  ZAPAS_ASSIGN_OR_RETURN(MoneyPosting out,
                         Line(AssetAccountName(from), sold_negative, sold_rate, from.id));
  ZAPAS_ASSIGN_OR_RETURN(MoneyPosting in, Line(AssetAccountName(to), bought, bought_rate, to.id));
  std::vector<MoneyPosting> postings{out, in};
  // What left at the NBU rate minus what arrived at the NBU rate: a loss when positive.
  ZAPAS_ASSIGN_OR_RETURN(Money difference, in.uah.Add(out.uah));  // in - |out|
  if (!difference.is_zero()) {
    ZAPAS_ASSIGN_OR_RETURN(Money balancing, difference.Negate());
    const char* account = balancing.is_negative() ? kExchangeGainAccount : kExchangeLossAccount;
    postings.push_back(MoneyPosting{account, 0, 0, balancing, balancing});
  }
  return postings;
}

Status CheckPeriodOpen(const std::optional<Date>& closed_through, Date date) {
  if (closed_through && date <= *closed_through) {
    return Status::Field("date",
                         "the books are closed through " + closed_through->ToString() +
                             ": enter the correction with a date in an open period",
                         StatusCode::kConflict);
  }
  return Status::Ok();
}

Status CheckBalanced(const std::vector<MoneyPosting>& postings) {
  int64_t sum = 0;
  for (const MoneyPosting& p : postings) {
    if (p.uah.currency_code() != "UAH") return Status::Internal("a UAH equivalent is not in UAH");
    if (__builtin_add_overflow(sum, p.uah.minor_units(), &sum))
      return Status::OutOfRange("amount overflow");
  }
  if (sum != 0)
    return Status::Internal("the entry does not balance: UAH equivalents sum to " +
                            std::to_string(sum));
  return Status::Ok();
}

}  // namespace zapas
