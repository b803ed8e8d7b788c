# The web UI, included by the Makefile: `npm ci` when the lock file changes,
# the type check and `vite build` (into web/dist) when a source changes.
# Both steps are skipped when their output is newer than their inputs.
WEB_SOURCES := $(shell find web/src -type f) web/index.html web/vite.config.ts web/tsconfig.json web/package.json

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run --silent build

.PHONY: web
web: web/dist/index.html
