// The books: how each money operation becomes a balanced journal entry, debits
// equal to credits. Every posting carries its amount in its own currency and its UAH
// equivalent at the operation date's NBU rate, rounded half away from zero
// once, when booked, and never recomputed. An entry balances when its UAH
// equivalents sum to zero (debits positive, credits negative).
//
// Ledger accounts are named for hledger: assets:bank:<code>, assets:cash:<code>,
// income:donations:<donor>, expenses:payments:<donor or general>,
// expenses:bank-fees, income:exchange-gain, expenses:exchange-loss.
// Plain functions and value types; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"
#include "domain/rates.h"

namespace zapas {

enum class AccountKind { kCash, kBank };
std::optional<AccountKind> ParseAccountKind(std::string_view s);
std::string_view AccountKindName(AccountKind k);

// A cash box or bank account of the cluster, in one currency.
struct Account {
  int32_t id = 0;
  std::string code;
  std::string name;
  const Currency* currency = nullptr;
  AccountKind kind = AccountKind::kBank;
  std::string site;  // the site that alone books on it; "" for the server's own
};

struct MoneyPosting {
  std::string ledger_account;  // "assets:bank:bk-eur"
  int32_t account_id = 0;      // the Zapas account of an asset line, else 0
  int32_t donor_id = 0;        // the donor whose funds the line concerns, else 0
  Money amount = Money::Zero(*FindCurrency("UAH"));  // signed, debit positive
  Money uah = Money::Zero(*FindCurrency("UAH"));     // booked UAH equivalent, signed
};

inline constexpr const char* kBankFeesAccount = "expenses:bank-fees";
inline constexpr const char* kExchangeGainAccount = "income:exchange-gain";
inline constexpr const char* kExchangeLossAccount = "expenses:exchange-loss";

std::string AssetAccountName(const Account& a);         // assets:bank:bk-eur
std::string DonationsAccountName(const Donor& d);       // income:donations:de-hilfe
std::string PaymentsAccountName(const Donor* charged);  // expenses:payments:general

// kInvalid naming `field` (".amount" or ".currency") unless `amount` is
// positive, within the limit of one amount (domain/limits.h) and in the
// account's currency.
Status CheckAmount(const Money& amount, const Account& account, const char* field);

// Each returns the postings of one operation, or kInvalid naming the field
// ("amount", "account_to", ...) when the operation is not possible. `rate` is
// the NBU rate in force on the operation's date for the amount's currency.
Result<std::vector<MoneyPosting>> BookDonation(const Account& to, const Donor& donor,
                                               const Money& amount, const Rate& rate);
Result<std::vector<MoneyPosting>> BookPayment(const Account& from, const Money& amount,
                                              const Donor* charged_to, const Rate& rate);
Result<std::vector<MoneyPosting>> BookTransfer(const Account& from, const Account& to,
                                               const Money& amount, const Rate& rate);
Result<std::vector<MoneyPosting>> BookFee(const Account& from, const Money& amount,
                                          const Rate& rate);
// Selling `sold` from one account and receiving `bought` on another. The UAH
// equivalents at the NBU rates differ from what the bank gave: the difference
// is booked as exchange gain or loss.
Result<std::vector<MoneyPosting>> BookExchange(const Account& from, const Account& to,
                                               const Money& sold, const Rate& sold_rate,
                                               const Money& bought, const Rate& bought_rate);

// The period rule: nothing may be dated on or before the last day of the
// latest closed month. kConflict naming "date" otherwise.
Status CheckPeriodOpen(const std::optional<Date>& closed_through, Date date);

// kInternal unless the UAH equivalents sum to zero.
Status CheckBalanced(const std::vector<MoneyPosting>& postings);

}  // namespace zapas
