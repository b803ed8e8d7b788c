// zapas user add|disable|enable.
#include "services/cli/command.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "domain/text.h"
#include "services/app/store.h"
#include "services/app/users.h"
#include "services/user_names.h"

namespace zapas::cli {

namespace {

int UserAdd(const CommandLine& cl, const Config& config) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  User user;
  auto name = CheckUsernameForm(cl.words[2], "NAME");
  if (!name.ok()) return Fail(name.status().message());
  user.username = *name;
  auto role = ParseRole(cl.Get("role"));
  if (!role) return Fail("--role must be one of admin, warehouse, treasurer, auditor, donor");
  user.role = *role;
  user.donor_code = cl.Get("donor");
  if (user.role == Role::kDonor && user.donor_code.empty()) {
    return Fail("a donor user needs --donor CODE");
  }
  user.warehouses = SplitOn(cl.Get("warehouses"), ',');
  if (!cl.Has("password-stdin"))
    return Fail("give the password on standard input with --password-stdin");
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) return Fail("the password on standard input is empty");
  Status strong = CheckNewPassword(password, "the password");
  if (!strong.ok()) return Fail(strong.message());
  auto hash = HashPassword(password);
  if (!hash.ok()) return Fail(hash.status().message());
  user.password_hash = *hash;
  auto repo = OpenOrCreate(config);
  if (!repo.ok()) return Fail(repo.status().message());
  Catalog catalog;
  Status loaded = (*repo)->LoadCatalog(catalog);
  if (!loaded.ok()) return Fail(loaded.message());
  Status scope = CheckUserScope(user, catalog, /*donor_may_come_later=*/true);
  if (!scope.ok()) return Fail(scope.message());
  auto existing = (*repo)->Usernames();
  if (!existing.ok()) return Fail(existing.status().message());
  Status free = CheckUsernameFree(user.username, *existing, "NAME");
  if (!free.ok()) return Fail(free.message());
  Status added = (*repo)->AddUser(user);
  if (!added.ok()) return Fail(added.message());
  std::cout << "zapas: user " << user.username << " (" << RoleName(user.role) << ") added"
            << std::endl;
  return 0;
}

int UserDisable(const CommandLine& cl, const Config& config) {
  const bool disable = cl.words[1] == "disable";
  auto repo = Open(config, /*migrate=*/true);
  if (!repo.ok()) return Fail(repo.status().message());
  // Names are stored in NFC; one stored before may not be.
  auto name = NormalizeUsername(cl.words[2], "NAME");
  if (!name.ok()) return Fail(name.status().message());
  auto user = (*repo)->FindUser(*name);
  if (user.ok() && !*user && *name != cl.words[2]) user = (*repo)->FindUser(cl.words[2]);
  if (!user.ok()) return Fail(user.status().message());
  if (!*user) return Fail("no user \"" + cl.words[2] + "\"");
  (*user)->disabled = disable;
  Status done = (*repo)->UpdateUser(**user);
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: user " << cl.words[2] << (disable ? " disabled" : " enabled") << std::endl;
  return 0;
}

}  // namespace

const Subcommand kUserAdd = {
    "Usage: zapas user add NAME --role ROLE [--donor CODE] [--warehouses A,B] --password-stdin\n"
    "Reads the password from standard input (one line, at least 10 characters, not\n"
    "one of the common passwords). --warehouses limits a warehouse user to those\n"
    "warehouses (their codes): it reads and writes no other.\n"
    "Works while the server runs. NAME is stored in Unicode NFC; it must not hold\n"
    "control or invisible characters, white space other than inner spaces, or\n"
    "letters of scripts mixed so that they pass for others (Latin with Cyrillic),\n"
    "and must not look like an existing user's name: names that differ only in\n"
    "case or in look-alike letters are one name (\"SKLAD\" beside \"sklad\", or\n"
    "\"sklad\" with a Cyrillic \"s\").\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, UserAdd};

const Subcommand kUserDisable = {
    "Usage: zapas user disable|enable NAME [--db PATH] [--config FILE]\n"
    "A disabled user cannot log in, and the tokens it holds stop working within a\n"
    "second, also while the server runs.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, UserDisable};

}  // namespace zapas::cli
