// Sessions (log in, log out, one's own password) and the users an admin
// manages; and the directory of users each request's token is checked
// against (Api::CurrentUser).
#include "services/app/users.h"
#include "services/http/api.h"
#include "services/user_names.h"

namespace zapas {

Result<Reply> Api::Login(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  const std::string typed = in.Text("username", true, 100);
  const std::string password = in.Secret("password", 1000);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  // Names are stored in NFC (services/user_names.h): a name typed in another
  // form is the same name.
  ZAPAS_ASSIGN_OR_RETURN(const std::string username, NormalizeUsername(typed));
  const std::string& address = c.request.client_address;
  ZAPAS_RETURN_IF_ERROR(throttle_.Allow(username, address));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto user, conn->FindUser(username));
  if (!user && username != typed) {  // a name stored before names were normalised
    ZAPAS_ASSIGN_OR_RETURN(user, conn->FindUser(typed));
  }
  // The same answer for an unknown name and a wrong password.
  if (!user || user->disabled || !VerifyPassword(user->password_hash, password)) {
    throttle_.Failed(username, address);
    return Status::Unauthenticated("wrong user name or password");
  }
  throttle_.Succeeded(username, address);
  Principal who{user->username, user->role, user->donor_code, user->warehouses,
                user->session_epoch};
  auto issued = tokens_.Issue(who);
  JsonWriter w;
  w.BeginObject()
      .Field("token", issued.token)
      .Field("role", RoleName(who.role))
      .Field("expires_at", issued.expires_at)
      .Field("username", who.username);
  if (who.role == Role::kDonor) w.Field("donor", who.donor_code);
  w.Key("warehouses").BeginArray();
  for (const std::string& code : who.warehouses) w.String(code);
  w.EndArray().EndObject();
  return Reply{200, w.Take()};
}

// Logging out: the token stops at once; the user's other sessions go on.
Result<Reply> Api::Logout(Call& c) {
  tokens_.Revoke(BearerToken(c.request.authorization));
  JsonWriter w;
  w.BeginObject().Field("logged_out", true).Field("username", c.who.username).EndObject();
  return Reply{200, w.Take()};
}

// {"old", "new"}: the old password proves it is the user (a wrong one counts
// against the login throttle, as a failed login does); the new one meets the
// rules of every new password. Every other token of the user stops; the one
// this request came with goes on.
Result<Reply> Api::ChangePassword(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  const std::string old_password = in.Secret("old", 1000);
  const std::string new_password = in.Secret("new", 1000);
  if (!new_password.empty()) {
    Status strong = CheckNewPassword(new_password, "new");
    if (!strong.ok()) in.Fail("new", strong.errors()[0].message);
    if (new_password == old_password) in.Fail("new", "must differ from the old password");
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  const std::string& username = c.who.username;
  const std::string& address = c.request.client_address;
  ZAPAS_RETURN_IF_ERROR(throttle_.Allow(username, address));
  std::optional<User> user;
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_ASSIGN_OR_RETURN(user, conn->FindUser(username));
  }
  if (!user) return Status::Unauthenticated("the user is unknown");
  if (!VerifyPassword(user->password_hash, old_password)) {
    throttle_.Failed(username, address);
    return Status::Field("old", "is not your current password");
  }
  throttle_.Succeeded(username, address);
  ZAPAS_ASSIGN_OR_RETURN(std::string new_hash, HashPassword(new_password));
  ZAPAS_ASSIGN_OR_RETURN(Reply reply,
                         Write(c, ChangePasswordWork(username, user->password_hash, new_hash)));
  tokens_.RevokeOthers(username, BearerToken(c.request.authorization), user->session_epoch + 1);
  ForgetUsers();
  return reply;
}

Result<Reply> Api::CreateUser(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(NewUser input, DecodeJson(c.request.body, ReadNewUser));
  // Hashed here, not on the writer thread: argon2id takes its time on purpose.
  ZAPAS_ASSIGN_OR_RETURN(input.user.password_hash, HashPassword(input.password));
  return Write(c, AddUserWork(std::move(input.user)));
}

Result<Reply> Api::ChangeUser(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(UserChange change, DecodeJson(c.request.body, ReadUserChange));
  ZAPAS_ASSIGN_OR_RETURN(const std::string username, NormalizeUsername(c.params[0]));
  Result<Reply> reply = Write(c, ChangeUserWork(username, std::move(change)));
  if (reply.ok()) ForgetUsers();
  return reply;
}

Result<Principal> Api::CurrentUser(const Principal& holder) {
  std::lock_guard<std::mutex> lock(users_mu_);
  const auto now = std::chrono::steady_clock::now();
  auto it = users_.find(holder.username);
  if (now - users_loaded_ > std::chrono::seconds(1) || it == users_.end() ||
      it->second.session_epoch < holder.session_epoch) {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_ASSIGN_OR_RETURN(std::vector<User> all, AllUsers(*conn));
    users_.clear();
    for (User& u : all) {
      u.password_hash.clear();
      users_.emplace(u.username, std::move(u));
    }
    users_loaded_ = now;
    it = users_.find(holder.username);
  }
  if (it == users_.end() || it->second.disabled) {
    return Status::Unauthenticated("the user is disabled");
  }
  const User& user = it->second;
  if (user.session_epoch != holder.session_epoch) {
    return Status::Unauthenticated("the password was changed since this login: log in again");
  }
  Principal now_as{holder.username, user.role, user.donor_code, user.warehouses,
                   user.session_epoch};
  return now_as;
}

void Api::ForgetUsers() {
  std::lock_guard<std::mutex> lock(users_mu_);
  users_loaded_ = {};
}

}  // namespace zapas
