// Users as an admin manages them (POST/GET /users, PATCH /users/{name},
// `zapas user add|disable|enable`) and as each user changes their own
// password (POST /sessions/password). The rules are here once: a user's name
// and password (services/user_names.h), what a role may carry (a donor user
// names one donor; only a warehouse user is limited to warehouses), and that
// the last enabled admin stays one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/json.h"
#include "persistence/repository.h"
#include "services/app/json_input.h"
#include "services/app/store.h"

namespace zapas {

// A user's JSON, as every user endpoint answers: {"username", "role",
// "donor"?, "warehouses": [codes], "disabled"}. Never the password's hash.
void WriteUser(JsonWriter& w, const User& user);
const std::string& CodeOf(const User& user);

// POST /users: {"username", "role", "password", "donor"?, "warehouses"?}. The
// name as stored (NFC, CheckUsernameForm); the password checked
// (CheckNewPassword) but not yet hashed.
struct NewUser {
  User user;
  std::string password;
};
std::optional<NewUser> ReadNewUser(FieldReader& in);

// The rules of what a role carries, against the committed catalog: a donor
// user names a donor (and only a donor user does), a known one unless
// `donor_may_come_later` (the command line may add a donor's user before the
// donor); only a warehouse user has warehouses, each a known one (stored by
// its code, once). kInvalid naming "donor" or "warehouses[i]".
Status CheckUserScope(User& user, const Catalog& catalog, bool donor_may_come_later = false);

// Adds `user` (its password already hashed): its name free of every existing
// name and look-alike (409), its scope checked (422). 201 with the user.
WriteWork AddUserWork(User user);

// PATCH /users/{name}: what changes; what is missing stays.
struct UserChange {
  std::optional<Role> role;
  std::optional<std::string> donor;
  std::optional<std::vector<std::string>> warehouses;
  std::optional<bool> disabled;
};
std::optional<UserChange> ReadUserChange(FieldReader& in);
// Applies `change` to `user` and checks the result (CheckUserScope). Moving
// away from the warehouse role drops the warehouses, from the donor role the
// donor.
Status ApplyUserChange(User& user, const UserChange& change, const Catalog& catalog);
// The write job of PATCH /users/{name}: 404 for an unknown name; 409 when
// it would leave no enabled admin. 200 with the user as it now is.
WriteWork ChangeUserWork(std::string username, UserChange change);

// The write job of a password change: `username`'s hash becomes `new_hash`
// and its session epoch goes up by one (the tokens issued before stop), if
// the stored hash is still `old_hash` (409 otherwise: it changed meanwhile).
// Answers {"username", "changed": true}.
WriteWork ChangePasswordWork(std::string username, std::string old_hash, std::string new_hash);

// Every user (a page at a time underneath), for the server's directory.
Result<std::vector<User>> AllUsers(Repository& repo);

}  // namespace zapas
