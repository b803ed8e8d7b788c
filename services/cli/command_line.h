// Command-line parsing shared by the zapas subcommands: `--name value`,
// `--flag`, and positional words. Value type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace zapas {

struct CommandLine {
  std::vector<std::string> words;              // positional, in order
  std::map<std::string, std::string> options;  // --name value (flags map to "")

  // Parses argv[first..]; `flags` lists the options that take no value.
  static Result<CommandLine> Parse(int argc, char** argv, int first,
                                   const std::vector<std::string>& flags);
  bool Has(const std::string& name) const { return options.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
};

// The configuration for a subcommand: --config FILE (or config/zapas.properties
// when present), then --db, --port, --host, --web and --tls-certificate,
// --tls-private-key, --tls-chain from the command line.
Result<Config> ConfigFor(const CommandLine& cl);

}  // namespace zapas
