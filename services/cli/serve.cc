// zapas serve: the HTTP API and the web UI until SIGTERM.
#include "services/cli/command.h"

#include <Poco/Util/ServerApplication.h>

#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "services/app/backups.h"
#include "services/app/notify.h"
#include "services/app/store.h"
#include "services/http/api.h"
#include "services/http/hub_link.h"
#include "services/http/server.h"
#include "services/http/web_root.h"
#include "services/log.h"

namespace zapas::cli {

namespace {

// waitForTerminationRequest() blocks SIGINT, SIGQUIT and SIGTERM in its own
// thread only and waits for them there. Every thread started before it (the
// writer, the HTTP pool) would still take them with their default action and
// end the process without a clean stop; blocked here first, the threads
// inherit the mask and the signal goes to the waiting thread alone.
void BlockStopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGQUIT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGUSR1);  // `zapas sync` asking a site's server to sync now
  sigaddset(&stop, SIGHUP);   // logrotate: reopen log.file
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
}

// Tells systemd (Type=notify) how the service stands: "READY=1",
// "STOPPING=1". Nothing when not started by systemd (no NOTIFY_SOCKET).
void NotifySystemd(const char* state) {
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  if (socket_path == nullptr || (socket_path[0] != '/' && socket_path[0] != '@')) return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const size_t length = std::strlen(socket_path);
  if (length >= sizeof address.sun_path) return;
  std::memcpy(address.sun_path, socket_path, length);
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // an abstract socket
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  (void)::sendto(fd, state, std::strlen(state), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&address),
                 static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length));
  ::close(fd);
}

// The signals a serving process takes besides stopping: SIGHUP reopens the
// log file, SIGUSR1 asks a site to sync now. Runs until `stopping`.
void TakeSignals(const std::atomic<bool>& stopping, SiteSync* sync) {
  sigset_t taken;
  sigemptyset(&taken);
  sigaddset(&taken, SIGUSR1);
  sigaddset(&taken, SIGHUP);
  const timespec half{0, 500 * 1000 * 1000};
  while (!stopping) {
    const int signal = sigtimedwait(&taken, nullptr, &half);
    if (signal == SIGUSR1 && sync != nullptr) sync->Wake();
    if (signal == SIGHUP) {
      Status reopened = ReopenLogFile();
      if (!reopened.ok()) LogError(reopened.message());
    }
  }
}

class ServeApp : public Poco::Util::ServerApplication {
 public:
  explicit ServeApp(Config config) : config_(std::move(config)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    BlockStopSignals();
    if (!InitCrypto()) return Fail("cannot initialise libsodium");
    if (Status log = OpenLogFile(config_.log_file); !log.ok()) return Fail(log.message());
    // A client that hangs up mid-reply must cost its connection, not the
    // process: OpenSSL writes to TLS sockets without MSG_NOSIGNAL.
    std::signal(SIGPIPE, SIG_IGN);
    std::cout << "zapas: opening " << config_.db_path << " ..." << std::endl;
    auto store = OpenStore(config_);
    if (!store.ok()) return Fail(store.status().message());
    const auto& s = (*store)->startup();
    std::cout << "zapas: stock index rebuilt from the journal: " << s.postings << " postings, "
              << s.lots << " lots, " << s.balances << " balances in " << s.load_seconds << " s"
              << std::endl;
    TokenStore tokens(std::chrono::hours(config_.token_hours));
    Api api(**store, tokens, kVersion);
    api.SetDocumentSettings(DocumentSettingsOf(config_));
    api.SetAlertSettings(config_.alerts);
    // At an alliance's site: synchronise with the hub in the background.
    std::unique_ptr<SiteSync> sync;
    std::atomic<bool> stopping{false};
    if (!(*store)->Read([](const Catalog& c, const StockIndex&) { return c.site(); }).empty()) {
      const int timeout = config_.sync_timeout_seconds;
      sync = std::make_unique<SiteSync>(
          **store, [timeout](const SiteState& state) { return HttpHubLink(state, timeout); });
      api.SetSiteSync(sync.get());
      sync->Start(config_.sync_interval_seconds);
      std::cout << "zapas: a site of an alliance: syncing with the hub every "
                << config_.sync_interval_seconds << " s" << std::endl;
    }
    auto options = DbOptions(config_, KeyCreation::kNever);
    if (!options.ok()) return Fail(options.status().message());
    BackupScheduler backups(config_, *options, **store, [](const std::string& line) {
      std::cout << "zapas: backup: " << line << std::endl;
    });
    api.SetBackups(&backups);
    api.SetMetricsSettings(config_.metrics_enabled, config_.metrics_loopback);
    if (!config_.backup.daily_at.empty()) {
      std::cout << "zapas: backups each day at " << config_.backup.daily_at << " (Kyiv) into "
                << BackupDir(config_) << std::endl;
    }
    DailyDigest digest(
        **store, api.alerts(), config_.alerts, DocumentSettingsOf(config_).org_name,
        [](const std::string& line) { std::cout << "zapas: alerts: " << line << std::endl; },
        [&backups] { return BackupNotices(backups.state()); });
    const WebRoot web = FindWebRoot(config_.web_root);
    std::cout << "zapas: " << web.message << std::endl;
    Config http = config_;
    http.web_root = web.dir;
    HttpServer server(api, http);
    Status started = server.Start();
    if (!started.ok()) return Fail(started.message());
    std::thread signals([&] { TakeSignals(stopping, sync.get()); });
    if (server.max_connections() < config_.http_max_connections) {
      std::cout << "zapas: at most " << server.max_connections()
                << " connections (http.max_connections is " << config_.http_max_connections
                << "; raise the open-file limit, ulimit -n, for more)" << std::endl;
    }
    const std::string url = std::string(config_.tls() ? "https" : "http") + "://" +
                            config_.http_host + ":" + std::to_string(server.port()) + "/";
    std::cout << "zapas: serving at " << url << "  (API: " << url << "api/v1/health)" << std::endl;
    NotifySystemd("READY=1");
    waitForTerminationRequest();
    NotifySystemd("STOPPING=1");
    std::cout << "zapas: stopping" << std::endl;
    server.Stop();
    stopping = true;
    signals.join();
    FlushLog();
    sync.reset();
    return 0;
  }

 private:
  Config config_;
};

int Serve(const CommandLine&, const Config& config) {
  ServeApp app(config);
  char name[] = "zapas";
  char* argv[] = {name, nullptr};
  return app.run(1, argv);
}

}  // namespace

const Subcommand kServe = {
    "Usage: zapas serve [--port N] [--host ADDR] [--db PATH] [--config FILE] "
    "[--web DIR]\n"
    "                   [--tls-certificate PEM --tls-private-key PEM [--tls-chain PEM]]\n"
    "Serves the HTTP API under /api/v1 and the web UI at /. --port 0 picks a free\n"
    "port. With a certificate and its key (or http.tls.certificate and\n"
    "http.tls.private_key in the config) it serves HTTPS only, TLS 1.2 or later.\n",
    AnyWords, Serve};

}  // namespace zapas::cli
