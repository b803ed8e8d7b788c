#include "services/http/web_root.h"

#include <filesystem>
#include <system_error>
#include <vector>

#ifndef ZAPAS_WEB_DIST
#error "ZAPAS_WEB_DIST must name the build's web/dist directory"
#endif

namespace zapas {
namespace {

namespace fs = std::filesystem;

bool HoldsUi(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.html", ec);
}

// The absolute, normalised form of `p` (relative to the working directory).
std::string Absolute(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal().string();
}

}  // namespace

WebRoot FindWebRoot(const std::string& configured) {
  if (!configured.empty()) {
    const std::string dir = Absolute(configured);
    if (HoldsUi(dir)) return {dir, "serving the web UI from " + dir};
    return {dir, "no web UI at " + dir +
                     " (--web or web.root: no index.html there); "
                     "serving the API only"};
  }
  std::vector<std::string> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(Absolute(exe.parent_path() / ".." / "share" / "zapas" / "web"));
  candidates.push_back(Absolute(ZAPAS_WEB_DIST));
  std::string looked;
  for (const std::string& dir : candidates) {
    if (HoldsUi(dir)) return {dir, "serving the web UI from " + dir};
    looked += (looked.empty() ? "" : ", ") + dir;
  }
  return {"", "no web UI found (looked in " + looked +
                  "; build it with `make web` or set web.root); serving the API only"};
}

}  // namespace zapas
