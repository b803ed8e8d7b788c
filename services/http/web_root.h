// Where `zapas serve` finds the web UI's built files, whatever its working
// directory. Thread-compatible pure lookups of the file system.
#pragma once

#include <string>

namespace zapas {

struct WebRoot {
  std::string dir;  // the directory served at /; empty when no UI was found
  std::string
      message;  // one line for the start-up log: where the UI is, or where it was looked for
};

// `configured` (--web DIR or web.root) when given: an absolute path, or one
// relative to the working directory. Otherwise the first directory holding an
// index.html of: beside the installed program (<dir of the executable>/
// ../share/zapas/web), then the build's own web/dist. Without one the server
// still serves the API, and `message` says where it looked.
WebRoot FindWebRoot(const std::string& configured);

}  // namespace zapas
