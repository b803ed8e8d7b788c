// A site's link to its hub over HTTP or HTTPS (services/app/site_sync.h):
// every request carries the site's token as a Bearer token, waits at most
// `timeout_seconds` for each step, and a batch of entries goes gzip-
// compressed. Thread-compatible: one per sync.
#pragma once

#include <memory>

#include "services/app/site_sync.h"

namespace zapas {

std::unique_ptr<HubLink> HttpHubLink(const SiteState& state, int timeout_seconds = 30);

}  // namespace zapas
