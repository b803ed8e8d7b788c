// HTTPS: the real `zapas serve` with certificates that the `openssl` tool
// makes in the test's directory, spoken to by curl and `openssl s_client`.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "tests/services/fixture.h"
#include "tests/services/raw_http.h"
#include "tests/services/server_process.h"

namespace zapas::testing {
namespace {

// Single-quoted for sh: the test directory's path may hold anything.
std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `command` with its standard error joined to its standard output, which
// Shell() alone would discard.
std::string WithStderr(const std::string& command) { return "{ " + command + " 2>&1; }"; }

struct CurlReply {
  int exit = -1;  // curl's exit code: 0 once an HTTP reply came back
  int status = 0;
  std::string body;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_THROW(server_ = std::make_unique<ServerProcess>());
    ASSERT_EQ(server_->AddUser("admin", "admin", "admin-password-1"), 0);
    Openssl(
        "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout " +
        Path("key.pem") + " -out " + Path("cert.pem"));
  }

  void TearDown() override {
    if (server_ && server_->running()) {
      int status = server_->Stop();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "wait status " << status << "; output:\n"
          << server_->output();
    }
  }

  std::string Path(const std::string& name) const { return server_->dir() + "/" + name; }

  // Runs `openssl ARGS` in the test's directory; fails the test when it fails.
  void Openssl(const std::string& args) {
    int status = -1;
    const std::string out =
        Shell(WithStderr("cd " + Quote(server_->dir()) + " && openssl " + args), &status);
    ASSERT_EQ(status, 0) << "openssl " << args << ":\n" << out;
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name)) << text;
  }

  // Starts the server with the TLS options `args`.
  void StartTls(std::vector<std::string> args) {
    server_->SetServeArgs(std::move(args));
    ASSERT_NO_THROW(server_->Start());
    ASSERT_NE(server_->output().find("serving at https://127.0.0.1:"), std::string::npos)
        << server_->output();
  }

  std::string Url(const std::string& path, const std::string& scheme = "https") const {
    return scheme + "://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  // curl `options` URL, trusting only `ca` (the test's self-signed
  // certificate unless told).
  CurlReply Curl(const std::string& options, const std::string& url,
                 const std::string& ca = "cert.pem") {
    CurlReply r;
    const std::string out = Shell("curl -sS --max-time 20 --cacert " + Quote(Path(ca)) + " " +
                                      options + " -w '\\n%{http_code}' " + Quote(url),
                                  &r.exit);
    const size_t nl = out.rfind('\n');
    if (nl != std::string::npos) {
      r.body = out.substr(0, nl);
      r.status = std::atoi(out.substr(nl + 1).c_str());
    }
    return r;
  }

  // `openssl s_client` to the server with `options`; its output (stderr too)
  // and exit code.
  std::string Handshake(const std::string& options, int* exit) {
    return Shell(
        WithStderr("openssl s_client -connect 127.0.0.1:" + std::to_string(server_->port()) +
                   " -CAfile " + Quote(Path("cert.pem")) + " " + options + " </dev/null"),
        exit);
  }

  // `zapas serve` on another database with `args`, to its end: what it said.
  std::string ServeOnce(std::vector<std::string> args) {
    std::vector<std::string> all = {"serve", "--db", Path("once.db"), "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    return RunZapas(all);
  }

  std::vector<std::string> CertAndKey(const std::string& cert = "cert.pem",
                                      const std::string& key = "key.pem") const {
    return {"--tls-certificate", Path(cert), "--tls-private-key", Path(key)};
  }

  std::unique_ptr<ServerProcess> server_;
};

// The keys of the config file; a login and a write over HTTPS.
TEST_F(TlsTest, ServesTheApiOverHttpsFromTheConfigFile) {
  Write("zapas.properties", "http.tls.certificate = " + Path("cert.pem") +
                                "\nzapas.http.tls.private_key = " + Path("key.pem") + "\n");
  StartTls({"--config", Path("zapas.properties")});

  CurlReply health = Curl("", Url("/api/v1/health"));
  ASSERT_EQ(health.exit, 0);
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Str(ParseObject(health.body), "status"), "ok") << health.body;
  // Over HTTPS, browsers are told to keep to it.
  CurlReply head = Curl("-o /dev/null -D -", Url("/api/v1/health"));
  EXPECT_NE(head.body.find("\r\nStrict-Transport-Security: max-age=31536000\r\n"),
            std::string::npos)
      << head.body;
  EXPECT_NE(head.body.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos) << head.body;

  CurlReply login = Curl("-X POST -H 'Content-Type: application/json' -d " +
                             Quote(R"({"username":"admin","password":"admin-password-1"})"),
                         Url("/api/v1/sessions"));
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string auth = Quote("Authorization: Bearer " + Str(ParseObject(login.body), "token"));
  CurlReply created = Curl("-H " + auth + " -H 'Content-Type: application/json' -X POST -d " +
                               Quote(R"({"code":"KYIV-1","name":"Склад Київ","region":"Київ"})"),
                           Url("/api/v1/warehouses"));
  EXPECT_EQ(created.status, 201) << created.body;
  CurlReply listed = Curl("-H " + auth, Url("/api/v1/warehouses"));
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("\"KYIV-1\""), std::string::npos) << listed.body;

  // curl trusts nothing but the test's certificate: without it, it refuses.
  int exit = -1;
  Shell("curl -sS --max-time 20 " + Quote(Url("/api/v1/health")), &exit);
  EXPECT_EQ(exit, 60) << "curl should not verify the self-signed certificate";
}

TEST_F(TlsTest, PlainHttpToTheHttpsPortFailsAndTheServerGoesOn) {
  StartTls(CertAndKey());
  for (int i = 0; i < 3; ++i) {
    CurlReply plain = Curl("", Url("/api/v1/health", "http"));
    EXPECT_NE(plain.exit, 0) << "plain HTTP got an answer: " << plain.status << " " << plain.body;
    EXPECT_NE(plain.status, 200);
  }
  HttpClient plain(server_->port());
  EXPECT_THROW(plain.Get("/api/v1/health"), Poco::Exception);

  CurlReply health = Curl("", Url("/api/v1/health"));
  EXPECT_EQ(health.exit, 0);
  EXPECT_EQ(health.status, 200) << health.body;
}

// Connections that never start their handshake, or stop halfway through a
// request, hold no thread: a fresh client is served beside them.
TEST_F(TlsTest, IdleAndStalledConnectionsDoNotHoldTheServer) {
  StartTls(CertAndKey());
  RaiseOpenFileLimit();
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port(), 5000));
  }
  // A TLS record header announcing more than is sent: the handshake stalls.
  for (int i = 0; i < 100; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port(), 5000));
    idle.back()->Send(std::string("\x16\x03\x01\x02\x00\x01", 6));
  }
  CurlReply health = Curl("--max-time 1", Url("/api/v1/health"));
  EXPECT_EQ(health.exit, 0);
  EXPECT_EQ(health.status, 200) << health.body;
  int open = 0;
  for (auto& c : idle) open += c->OpenAndSilent();
  EXPECT_EQ(open, 400);
}

// The client is let down to security level 0 so that it offers TLS 1.0 and
// 1.1 at all: the protocol alert then comes from the server.
TEST_F(TlsTest, OnlyTls12AndLaterWithForwardSecrecy) {
  StartTls(CertAndKey());
  int exit = -1;
  for (const char* old : {"-tls1", "-tls1_1"}) {
    const std::string out = Handshake(std::string(old) + " -cipher DEFAULT@SECLEVEL=0", &exit);
    EXPECT_NE(exit, 0) << old << ":\n" << out;
    EXPECT_NE(out.find("alert protocol version"), std::string::npos) << old << ":\n" << out;
  }
  // TLS 1.2 without forward secrecy (RSA key exchange) finds no common cipher.
  std::string out = Handshake("-tls1_2 -cipher AES128-SHA", &exit);
  EXPECT_NE(exit, 0) << out;
  EXPECT_NE(out.find("alert handshake failure"), std::string::npos) << out;

  out = Handshake("-tls1_2 -verify_return_error", &exit);
  EXPECT_EQ(exit, 0) << out;
  EXPECT_NE(out.find("New, TLSv1.2, Cipher is ECDHE-RSA-"), std::string::npos) << out;
  out = Handshake("-tls1_3 -verify_return_error", &exit);
  EXPECT_EQ(exit, 0) << out;
  EXPECT_NE(out.find("New, TLSv1.3"), std::string::npos) << out;
  EXPECT_EQ(Curl("--tlsv1.2 --tls-max 1.2", Url("/api/v1/health")).status, 200);
}

// A certificate from an intermediate CA: clients that trust only the root
// verify it when http.tls.chain sends the intermediate.
TEST_F(TlsTest, SendsTheChainOfIntermediates) {
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  Write("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
  Write("leaf.ext", "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\n");
  Openssl("req -x509 " + ec + " -days 2 -subj /CN=Root -keyout root.key -out root.pem");
  Openssl("req " + ec + " -subj /CN=Intermediate -keyout mid.key -out mid.csr");
  Openssl(
      "x509 -req -in mid.csr -CA root.pem -CAkey root.key -CAcreateserial -days 2"
      " -extfile ca.ext -out mid.pem");
  Openssl("req " + ec + " -subj /CN=127.0.0.1 -keyout leaf.key -out leaf.csr");
  Openssl(
      "x509 -req -in leaf.csr -CA mid.pem -CAkey mid.key -CAcreateserial -days 2"
      " -extfile leaf.ext -out leaf.pem");

  std::vector<std::string> args = CertAndKey("leaf.pem", "leaf.key");
  StartTls(args);
  CurlReply unchained = Curl("", Url("/api/v1/health"), "root.pem");
  EXPECT_EQ(unchained.exit, 60) << "verified without the intermediate: " << unchained.body;
  server_->Stop();

  args.insert(args.end(), {"--tls-chain", Path("mid.pem")});
  StartTls(args);
  CurlReply chained = Curl("", Url("/api/v1/health"), "root.pem");
  EXPECT_EQ(chained.exit, 0);
  EXPECT_EQ(chained.status, 200) << chained.body;
}

// Each bad setting stops `serve` with exit 1 and a message naming the
// setting, the file and what is wrong with it.
TEST_F(TlsTest, UnusableCertificateOrKeyStopsTheServerWithAReason) {
  Openssl("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out other.key");
  Openssl(
      "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -aes256"
      " -pass pass:secret -out locked.key");
  Write("empty.pem", "");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const Case cases[] = {
      {CertAndKey("cert.pem", "other.key"), "http.tls.private_key " + Path("other.key") +
                                                ": does not belong to the certificate " +
                                                Path("cert.pem")},
      {CertAndKey("missing.pem", "key.pem"),
       "http.tls.certificate " + Path("missing.pem") + ": No such file or directory"},
      {CertAndKey("cert.pem", "missing.key"),
       "http.tls.private_key " + Path("missing.key") + ": No such file or directory"},
      {CertAndKey("key.pem", "key.pem"),
       "http.tls.certificate " + Path("key.pem") + ": not a PEM certificate"},
      {CertAndKey("cert.pem", "empty.pem"),
       "http.tls.private_key " + Path("empty.pem") + ": not an unencrypted PEM private key"},
      {CertAndKey("cert.pem", "locked.key"),
       "http.tls.private_key " + Path("locked.key") + ": not an unencrypted PEM private key"},
      {{"--tls-certificate", Path("cert.pem")},
       "http.tls.private_key is not set: HTTPS needs both"},
      {{"--tls-private-key", Path("key.pem")}, "http.tls.certificate is not set: HTTPS needs both"},
      {{"--tls-certificate", Path("cert.pem"), "--tls-private-key", Path("key.pem"), "--tls-chain",
        Path("empty.pem")},
       "http.tls.chain " + Path("empty.pem") + ": no PEM certificate in it"},
  };
  for (const Case& c : cases) {
    const std::string out = ServeOnce(c.args);
    EXPECT_NE(out.find("zapas: " + c.says), std::string::npos) << out;
    EXPECT_NE(out.find("\nexit 1"), std::string::npos) << out;
    EXPECT_EQ(out.find("serving at"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace zapas::testing
