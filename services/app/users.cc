#include "services/app/users.h"

#include <algorithm>

#include "services/app/scope.h"
#include "services/user_names.h"

namespace zapas {
namespace {

constexpr const char* kRoleChoices = "must be one of admin, warehouse, treasurer, auditor, donor";

std::optional<Role> ReadRole(FieldReader& in, bool required) {
  const std::string text = in.Text("role", required, 20);
  if (text.empty()) return std::nullopt;
  auto role = ParseRole(text);
  if (!role) in.Fail("role", kRoleChoices);
  return role;
}

Result<User> FindExisting(Repository& repo, const std::string& username) {
  ZAPAS_ASSIGN_OR_RETURN(std::optional<User> user, repo.FindUser(username));
  if (!user) return Status::NotFound("no user \"" + username + "\"");
  return *user;
}

Written UserReply(const User& user, bool created) {
  JsonWriter w;
  WriteUser(w, user);
  return Written{w.Take(), created};
}

}  // namespace

void WriteUser(JsonWriter& w, const User& u) {
  w.BeginObject().Field("username", u.username).Field("role", RoleName(u.role));
  if (u.role == Role::kDonor) w.Field("donor", u.donor_code);
  w.Key("warehouses").BeginArray();
  for (const std::string& code : u.warehouses) w.String(code);
  w.EndArray().Field("disabled", u.disabled).EndObject();
}

const std::string& CodeOf(const User& u) { return u.username; }

std::optional<NewUser> ReadNewUser(FieldReader& in) {
  NewUser out;
  const std::string typed = in.Text("username", true, 200);
  if (!typed.empty()) {
    auto name = CheckUsernameForm(typed, in.Path("username"));
    if (name.ok()) {
      out.user.username = *name;
    } else {
      in.Fail("username", name.status().errors().empty() ? name.status().message()
                                                         : name.status().errors()[0].message);
    }
  }
  if (auto role = ReadRole(in, true)) out.user.role = *role;
  out.password = in.Secret("password", 1000);
  if (!out.password.empty()) {
    Status strong = CheckNewPassword(out.password, in.Path("password"));
    if (!strong.ok()) in.Fail("password", strong.errors()[0].message);
  }
  out.user.donor_code = in.Code("donor", false);
  out.user.warehouses = in.Codes("warehouses").value_or(std::vector<std::string>{});
  return out;
}

Status CheckUserScope(User& user, const Catalog& catalog, bool donor_may_come_later) {
  std::vector<FieldError> errors;
  if (user.role == Role::kDonor) {
    if (user.donor_code.empty()) {
      errors.push_back({"donor", "is required for a donor user"});
    } else if (!donor_may_come_later && catalog.DonorByCode(user.donor_code) == nullptr) {
      errors.push_back({"donor", catalog.Unknown(CodeKind::kDonor, user.donor_code)});
    }
  } else if (!user.donor_code.empty()) {
    errors.push_back({"donor", "only a donor user names a donor"});
  }
  if (!user.warehouses.empty() && user.role != Role::kWarehouse) {
    errors.push_back({"warehouses", "only a warehouse user is limited to warehouses"});
  } else {
    std::vector<std::string> stored;
    for (size_t i = 0; i < user.warehouses.size(); ++i) {
      const Warehouse* w = catalog.WarehouseByCode(user.warehouses[i]);
      if (w == nullptr) {
        errors.push_back({"warehouses[" + std::to_string(i) + "]",
                          catalog.Unknown(CodeKind::kWarehouse, user.warehouses[i])});
      } else if (std::find(stored.begin(), stored.end(), w->code) == stored.end()) {
        stored.push_back(w->code);
      }
    }
    user.warehouses = std::move(stored);
  }
  return FieldErrors(std::move(errors));
}

WriteWork AddUserWork(User user) {
  return [user](WriteContext& ctx) mutable -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Користувачів", "Users"));
    ZAPAS_RETURN_IF_ERROR(CheckUserScope(user, ctx.catalog));
    ZAPAS_ASSIGN_OR_RETURN(std::vector<std::string> names, ctx.repo.Usernames());
    ZAPAS_RETURN_IF_ERROR(CheckUsernameFree(user.username, names));
    ZAPAS_RETURN_IF_ERROR(ctx.repo.AddUser(user));
    return UserReply(user, true);
  };
}

std::optional<UserChange> ReadUserChange(FieldReader& in) {
  UserChange change;
  change.role = ReadRole(in, false);
  if (in.Has("donor")) change.donor = in.Code("donor", false);
  change.warehouses = in.Codes("warehouses");
  change.disabled = in.Bool("disabled");
  if (!change.role && !change.donor && !change.warehouses && !change.disabled) {
    in.Fail("role", "give at least one of role, donor, warehouses, disabled");
  }
  return change;
}

Status ApplyUserChange(User& user, const UserChange& change, const Catalog& catalog) {
  // A donor named before its donor was added (zapas user add) is checked
  // only when the change names one.
  const bool names_donor = change.donor || (change.role && *change.role != user.role);
  if (change.role && *change.role != user.role) {
    if (user.role == Role::kWarehouse) user.warehouses.clear();
    if (user.role == Role::kDonor) user.donor_code.clear();
    user.role = *change.role;
  }
  if (change.donor) user.donor_code = *change.donor;
  if (change.warehouses) user.warehouses = *change.warehouses;
  if (change.disabled) user.disabled = *change.disabled;
  return CheckUserScope(user, catalog, /*donor_may_come_later=*/!names_donor);
}

WriteWork ChangeUserWork(std::string username, UserChange change) {
  return [username, change](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Користувачів", "Users"));
    ZAPAS_ASSIGN_OR_RETURN(User user, FindExisting(ctx.repo, username));
    const bool was_admin = user.role == Role::kAdmin && !user.disabled;
    ZAPAS_RETURN_IF_ERROR(ApplyUserChange(user, change, ctx.catalog));
    if (was_admin && (user.role != Role::kAdmin || user.disabled)) {
      ZAPAS_ASSIGN_OR_RETURN(std::vector<User> all, AllUsers(ctx.repo));
      const bool another = std::any_of(all.begin(), all.end(), [&](const User& u) {
        return u.username != username && u.role == Role::kAdmin && !u.disabled;
      });
      if (!another) {
        return Status::Conflict("\"" + username +
                                "\" is the last enabled admin: make another user admin first");
      }
    }
    ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateUser(user));
    return UserReply(user, false);
  };
}

WriteWork ChangePasswordWork(std::string username, std::string old_hash, std::string new_hash) {
  return [username, old_hash, new_hash](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Паролі", "Passwords"));
    ZAPAS_ASSIGN_OR_RETURN(User user, FindExisting(ctx.repo, username));
    if (user.password_hash != old_hash) {
      return Status::Conflict("the password was changed meanwhile: log in again");
    }
    user.password_hash = new_hash;
    ++user.session_epoch;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.UpdateUser(user));
    JsonWriter w;
    w.BeginObject().Field("username", username).Field("changed", true).EndObject();
    return Written{w.Take(), false};
  };
}

Result<std::vector<User>> AllUsers(Repository& repo) {
  std::vector<User> all;
  PageRequest page{"", 1000};
  while (true) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<User> rows, repo.ListUsers(page));
    if (rows.empty()) break;
    page.after = rows.back().username;
    const bool last = static_cast<int>(rows.size()) < page.limit;
    for (User& u : rows) all.push_back(std::move(u));
    if (last) break;
  }
  return all;
}

}  // namespace zapas
