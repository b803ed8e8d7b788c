// zapas site add|token|revoke|init, zapas sync.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "domain/text.h"
#include "services/app/hub.h"
#include "services/app/site_sync.h"
#include "services/cli/command.h"
#include "services/http/hub_link.h"

namespace zapas::cli {

namespace {

// Runs one write of the hub's registry on a Store of the database.
int WriteAndPrint(const Config& config, WriteWork work,
                  const std::function<void(const JsonValue&)>& print) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  auto store = OpenStore(config);
  if (!store.ok()) {
    return Fail(store.status().message() +
                " (while the server runs, an admin uses POST /api/v1/sites instead)");
  }
  const Principal admin{.username = "zapas-cli", .role = Role::kAdmin};
  Result<Written> written = (*store)->Write(admin, "", "", std::move(work));
  if (!written.ok()) return FailWith(written.status());
  Result<JsonValue> v = ParseJson(written->json);
  if (!v.ok()) return Fail(v.status().message());
  print(*v);
  return 0;
}

int SiteAdd(const CommandLine& cl, const Config& config) {
  NewSite site{.code = cl.words[2],
               .name = cl.Get("name", cl.words[2]),
               .warehouses = SplitOn(cl.Get("warehouses"), ','),
               .accounts = SplitOn(cl.Get("accounts"), ',')};
  return WriteAndPrint(config, RegisterSiteWork(site), [&](const JsonValue& v) {
    std::cout << "zapas: site " << site.code << " added; its token (shown this once):\n"
              << v.Text("token") << std::endl;
  });
}

int SiteToken(const CommandLine& cl, const Config& config) {
  const std::string code = cl.words[2];
  if (cl.words[1] == "revoke") {
    return WriteAndPrint(config, RevokeSiteTokenWork(code), [&](const JsonValue&) {
      std::cout << "zapas: the token of site " << code << " is revoked" << std::endl;
    });
  }
  return WriteAndPrint(config, NewSiteTokenWork(code), [&](const JsonValue& v) {
    std::cout << "zapas: a new token of site " << code
              << " (shown this once; the old one no longer works):\n"
              << v.Text("token") << std::endl;
  });
}

int SiteInit(const CommandLine& cl, const Config& config) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  const std::string hub = cl.Get("hub"), code = cl.Get("site");
  if (hub.rfind("http://", 0) != 0 && hub.rfind("https://", 0) != 0) {
    return Fail("--hub must be the hub's URL, http:// or https://");
  }
  if (!cl.Has("token-stdin"))
    return Fail("give the site's token on standard input (--token-stdin)");
  std::string token;
  std::getline(std::cin, token);
  token = std::string(TrimBlanks(token));
  if (token.empty()) return Fail("the token on standard input is empty");
  auto repo = OpenOrCreate(config);
  if (!repo.ok()) return Fail(repo.status().message());
  Status done = InitSite(**repo, hub, code, token);
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: this database is site " << code << " of the hub " << hub
            << "; `zapas sync --once` fetches its warehouses and master data now" << std::endl;
  return 0;
}

// The process of the server that holds the SQLite database's writer lock
// (its pid is in the lock file), if one runs.
std::optional<pid_t> ServerOf(const Config& config) {
  if (IsPostgresUrl(config.db_path)) return std::nullopt;
  const std::string lock = config.db_path + ".lock";
  // Only a lock that is held names a running server (the file stays).
  const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  ::close(fd);
  if (!held) return std::nullopt;
  std::ifstream in(lock);
  int pid = 0;
  if (!(in >> pid) || pid <= 1 || ::kill(pid, 0) != 0) return std::nullopt;
  return static_cast<pid_t>(pid);
}

// A site's server runs on the database: it is asked to sync now (SIGUSR1),
// and its round read back from the site's state.
int AskServer(const Config& config, pid_t pid) {
  auto repo = Open(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  Result<std::optional<SiteState>> before = (*repo)->LoadSiteState();
  if (!before.ok()) return Fail(before.status().message());
  if (!*before) return Fail("sync: this database is no site of an alliance");
  if (!(*before)->fork.empty()) return Fail("sync: " + (*before)->fork);
  std::cout << "zapas: sync: the server (process " << pid << ") runs on this database: it syncs now"
            << std::endl;
  ::kill(pid, SIGUSR1);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(3 * config.sync_timeout_seconds + 10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Result<std::optional<SiteState>> now = (*repo)->LoadSiteState();
    if (!now.ok() || !*now) continue;
    const SiteState& s = **now;
    if (!s.fork.empty()) return Fail("sync: " + s.fork);
    if (s.last_error != (*before)->last_error && !s.last_error.empty()) {
      return Fail("sync: " + s.last_error);
    }
    if (s.last_pull_at != (*before)->last_pull_at) {
      Result<int64_t> pending = (*repo)->CountOwnEntriesAfter(s.pushed);
      std::cout << "zapas: sync: the hub holds this site's entries up to " << s.pushed << "; "
                << (pending.ok() ? *pending : 0) << " pending" << std::endl;
      return 0;
    }
  }
  return Fail("sync: the server did not finish a round in time; see GET /api/v1/sync/status");
}

int Sync(const CommandLine& cl, const Config& config) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  if (std::optional<pid_t> server = ServerOf(config); server && cl.Has("once")) {
    return AskServer(config, *server);
  }
  auto store = OpenStore(config);
  if (!store.ok()) {
    return Fail(store.status().message() +
                " (while the server runs, it syncs by itself every sync.interval seconds)");
  }
  const int timeout = config.sync_timeout_seconds;
  SiteSync sync(**store, [timeout](const SiteState& state) { return HttpHubLink(state, timeout); });
  for (;;) {
    Result<SiteSync::Outcome> done = sync.SyncOnce(
        [](const std::string& line) { std::cout << "zapas: sync: " << line << std::endl; });
    if (done.ok()) {
      std::cout << "zapas: sync: the hub stored " << done->pushed << " entries; " << done->pending
                << " pending; " << done->pulled << " master data records applied" << std::endl;
    } else if (cl.Has("once")) {
      return Fail("sync: " + done.status().message());
    } else {
      std::cerr << "zapas: sync: " << done.status().message() << std::endl;
    }
    if (cl.Has("once")) return 0;
    std::this_thread::sleep_for(std::chrono::seconds(config.sync_interval_seconds));
  }
}

}  // namespace

const Subcommand kSite = {
    "Usage: zapas site add CODE [--name NAME] --warehouses A,B [--accounts X,Y]\n"
    "       zapas site token|revoke CODE\n"
    "       zapas site init --hub URL --site CODE --token-stdin\n"
    "At the alliance hub: `add` registers a site (2 to 12 capital letters and\n"
    "digits) that alone writes those warehouses and accounts, and prints its token\n"
    "once; `token` gives the site a new token (the old one stops: a site on new\n"
    "hardware); `revoke` stops it (a site lost for good). While the hub's server\n"
    "runs on SQLite, use POST /api/v1/sites instead.\n"
    "At a site: `init` makes a new, empty database a site of the hub at URL, with\n"
    "the token read from standard input; `zapas sync --once` then fetches its\n"
    "warehouses and master data.\n",
    [](const CommandLine& cl) {
      if (cl.words.size() == 2 && cl.words[1] == "init") {
        return cl.Has("hub") && cl.Has("site");
      }
      return cl.words.size() == 3 &&
             (cl.words[1] == "add" || cl.words[1] == "token" || cl.words[1] == "revoke");
    },
    [](const CommandLine& cl, const Config& config) {
      if (cl.words[1] == "init") return SiteInit(cl, config);
      if (cl.words[1] == "add") return SiteAdd(cl, config);
      return SiteToken(cl, config);
    }};

const Subcommand kSync = {
    "Usage: zapas sync [--once] [--db PATH] [--config FILE]\n"
    "At an alliance's site: pushes the journal entries the hub does not hold yet,\n"
    "in batches, and pulls the master data changed at the hub. Resumes where it\n"
    "stopped. --once does it once (exit 1 when the hub does not answer, or refuses\n"
    "the site's journal); without it, again every sync.interval seconds. While the\n"
    "site's server runs, --once asks it to sync now and waits for its round.\n",
    [](const CommandLine& cl) { return cl.words.size() == 1; }, Sync};

}  // namespace zapas::cli
