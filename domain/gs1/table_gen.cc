// Writes the AI table of domain/gs1/ai_table.h from the GS1 Barcode Syntax
// Dictionary: `gs1_table_gen DICTIONARY OUTPUT.inc`. Run by the build; the
// output is a list of AiEntry initialisers, one per AI (ranges such as
// "3100-3105" written out), in the dictionary's order. A line this program
// cannot read stops the build with its number, as does a linter name that
// lint.h does not know (LinterNamed is evaluated at compile time).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Line {
  std::string first, last;  // the AI range
  std::string flags;
  std::vector<std::string> components;
  std::string required, excluded, dl_qualifiers, title;
  bool dl_key = false;
};

bool IsFlags(const std::string& token) {
  return token.find_first_not_of("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~") == std::string::npos;
}

bool IsComponent(const std::string& token) {
  std::string t = token[0] == '[' ? token.substr(1) : token;
  return !t.empty() && (t[0] == 'N' || t[0] == 'X' || t[0] == 'Y' || t[0] == 'Z') && t.size() > 1 &&
         (isdigit(static_cast<unsigned char>(t[1])) || t[1] == '.');
}

void Append(std::string& list, const std::string& item, char sep) {
  if (!list.empty()) list += sep;
  list += item;
}

bool ReadLine(const std::string& text, Line& line) {
  std::string body = text, title;
  if (auto hash = text.find('#'); hash != std::string::npos) {
    body = text.substr(0, hash);
    title = text.substr(hash + 1);
    title.erase(0, title.find_first_not_of(' '));
    title.erase(title.find_last_not_of(" \r") + 1);
  }
  std::istringstream in(body);
  std::string token;
  if (!(in >> token)) return false;
  auto dash = token.find('-');
  line.first = token.substr(0, dash);
  line.last = dash == std::string::npos ? line.first : token.substr(dash + 1);
  line.title = title;
  bool first = true;
  while (in >> token) {
    if (first && IsFlags(token)) {
      line.flags = token;
    } else if (IsComponent(token)) {
      line.components.push_back(token);
    } else if (token.rfind("req=", 0) == 0) {
      Append(line.required, token.substr(4), ' ');
    } else if (token.rfind("ex=", 0) == 0) {
      Append(line.excluded, token.substr(3), ',');
    } else if (token == "dlpkey") {
      line.dl_key = true;
    } else if (token.rfind("dlpkey=", 0) == 0) {
      line.dl_key = true;
      line.dl_qualifiers = token.substr(7);
    } else {
      return false;
    }
    first = false;
  }
  return !line.components.empty();
}

// "N14,csum,gcppos2" / "[X..17]" / "[N3],iso3166" as an AiComponent initialiser.
bool WriteComponent(std::ostream& out, const std::string& token) {
  std::string t = token;
  bool optional = false;
  if (t[0] == '[') {
    auto close = t.find(']');
    if (close == std::string::npos) return false;
    optional = true;
    t = t.substr(1, close - 1) + t.substr(close + 1);
  }
  std::vector<std::string> parts;
  std::istringstream in(t);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  const std::string& type = parts[0];
  int min = 0, max = 0;
  if (type.size() > 3 && type.compare(1, 2, "..") == 0) {
    min = 1;
    max = std::stoi(type.substr(3));
  } else {
    min = max = std::stoi(type.substr(1));
  }
  if (parts.size() > 4 || max > 99) return false;
  out << "{.cset = '" << type[0] << "', .min = " << min << ", .max = " << max
      << ", .optional = " << (optional ? "true" : "false")
      << ", .linter_count = " << parts.size() - 1 << ", .linters = {";
  for (size_t i = 1; i < parts.size(); ++i)
    out << (i > 1 ? ", " : "") << "L(\"" << parts[i] << "\")";
  out << "}}";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: gs1_table_gen DICTIONARY OUTPUT.inc\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot read\n";
    return 1;
  }
  std::ostringstream out;
  out << "// Generated from " << argv[1] << " by gs1_table_gen; do not edit.\n";
  int number = 0, entries = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    if (text.empty() || text[0] == '#' || text.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    Line line;
    if (!ReadLine(text, line) || line.first.size() != line.last.size() ||
        line.components.size() > 5) {
      std::cerr << argv[1] << ":" << number << ": cannot read this entry\n";
      return 1;
    }
    for (long ai = std::stol(line.first); ai <= std::stol(line.last); ++ai) {
      char code[8];
      std::snprintf(code, sizeof code, "%0*ld", static_cast<int>(line.first.size()), ai);
      out << "{.ai = \"" << code
          << "\", .separator = " << (line.flags.find('*') == std::string::npos ? "true" : "false")
          << ", .dl_attribute = " << (line.flags.find('?') == std::string::npos ? "false" : "true")
          << ", .component_count = " << line.components.size() << ", .components = {{";
      for (size_t i = 0; i < line.components.size(); ++i) {
        if (i > 0) out << ", ";
        if (!WriteComponent(out, line.components[i])) {
          std::cerr << argv[1] << ":" << number << ": cannot read " << line.components[i] << "\n";
          return 1;
        }
      }
      out << "}}, .required = \"" << line.required << "\", .excluded = \"" << line.excluded
          << "\", .dl_key = " << (line.dl_key ? "true" : "false") << ", .dl_qualifiers = \""
          << line.dl_qualifiers << "\", .title = \"" << line.title << "\"},\n";
      ++entries;
    }
  }
  std::ofstream file(argv[2]);
  file << out.str();
  if (!file || entries == 0) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
