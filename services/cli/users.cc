// zapas user add|disable|enable.
#include "services/cli/command.h"

#include <iostream>
#include <string>

#include "services/app/store.h"
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
  Status done = (*repo)->SetUserDisabled(*name, disable);
  if (done.code() == StatusCode::kNotFound && *name != cl.words[2]) {
    done = (*repo)->SetUserDisabled(cl.words[2], disable);
  }
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: user " << cl.words[2] << (disable ? " disabled" : " enabled") << std::endl;
  return 0;
}

}  // namespace

const Subcommand kUserAdd = {
    "Usage: zapas user add NAME --role ROLE [--donor CODE] --password-stdin\n"
    "Reads the password from standard input (one line, at least 10 characters).\n"
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
