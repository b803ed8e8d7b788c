#include "services/cli/command_line.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace zapas {

Result<CommandLine> CommandLine::Parse(int argc, char** argv, int first,
                                       const std::vector<std::string>& flags) {
  CommandLine cl;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        cl.options[name.substr(0, eq)] = name.substr(eq + 1);
      } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        cl.options[name] = "";
      } else {
        if (i + 1 >= argc) return Status::Invalid("option --" + name + " needs a value");
        cl.options[name] = argv[++i];
      }
    } else if (a == "-o") {
      if (i + 1 >= argc) return Status::Invalid("option -o needs a file name");
      cl.options["output"] = argv[++i];
    } else {
      cl.words.push_back(a);
    }
  }
  return cl;
}

std::string CommandLine::Get(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

Result<Config> ConfigFor(const CommandLine& cl) {
  std::string path = cl.Get("config");
  // ZAPAS_CONFIG names the file (empty: none); else the project's own when
  // run from its directory, else the installed one.
  const char* from_environment = std::getenv("ZAPAS_CONFIG");
  if (path.empty() && from_environment != nullptr) {
    path = from_environment;
  } else {
    for (const char* candidate : {"config/zapas.properties", "/etc/zapas/zapas.properties"}) {
      if (path.empty() && std::ifstream(candidate).good()) path = candidate;
    }
  }
  ZAPAS_ASSIGN_OR_RETURN(Config c, LoadConfig(path));
  if (cl.Has("db")) c.db_path = cl.Get("db");
  if (cl.Has("host")) c.http_host = cl.Get("host");
  if (cl.Has("web")) c.web_root = cl.Get("web");
  if (cl.Has("tls-certificate")) c.tls_certificate = cl.Get("tls-certificate");
  if (cl.Has("tls-private-key")) c.tls_private_key = cl.Get("tls-private-key");
  if (cl.Has("tls-chain")) c.tls_chain = cl.Get("tls-chain");
  if (cl.Has("port")) {
    const std::string p = cl.Get("port");
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > 65535) {
      return Status::Invalid("--port must be a number from 0 to 65535");
    }
    c.http_port = std::stoi(p);
  }
  if (c.db_path.empty()) return Status::Invalid("no database: give --db PATH");
  return c;
}

}  // namespace zapas
