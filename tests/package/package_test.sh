#!/usr/bin/env bash
# The Debian package from outside, as `make test` runs it: built with cpack
# from the build directory ($1), its contents, control data and maintainer
# scripts inspected, lintian run on it (no error), its systemd unit checked
# by systemd-analyze, and the package unpacked (dpkg -x) into a temporary
# root whose zapas serves the unpacked web UI with a configuration pointing
# there, and whose doctor passes.
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "package_test: $*" >&2
  exit 1
}
cd "$work"

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >cpack.log 2>&1 ||
  { cat cpack.log; fail "cpack failed"; }
deb=$(ls out/zapas_*.deb)
size=$(stat -c %s "$deb")
echo "package: $(basename "$deb"), $size bytes"
[ "$size" -lt 20000000 ] || fail "the package is over 20 MB"

# What it holds, and whose.
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/zapas ./usr/share/zapas/web/index.html ./etc/zapas/zapas.properties \
  ./lib/systemd/system/zapas.service ./etc/logrotate.d/zapas ./usr/share/doc/zapas/copyright \
  ./usr/share/doc/zapas/changelog.Debian.gz ./usr/share/man/man1/zapas.1.gz; do
  grep -q " $path\$" <<<"$contents" || fail "no $path in the package"
done
if grep -q " \./var/" <<<"$contents"; then fail "the package ships files in /var (postinst makes /var/lib/zapas)"; fi
if grep -v " root/root " <<<"$contents"; then fail "files not owned by root"; fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/bin/zapas >zapas.bin
file_of_zapas=$(file zapas.bin)
grep -q "stripped" <<<"$file_of_zapas" && ! grep -q "not stripped" <<<"$file_of_zapas" ||
  fail "zapas is not stripped: $file_of_zapas"

# Its dependencies, read from the libraries it links, and its scripts.
depends=$(dpkg-deb -f "$deb" Depends)
for dep in adduser fonts-dejavu-core libsqlite3-0 libpq5 libsodium23 libpocofoundation80 libhpdf libssl3; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
dpkg-deb -e "$deb" control
grep -qx /etc/zapas/zapas.properties control/conffiles || fail "the configuration is not a conffile"
for script in postinst prerm postrm; do
  [ -x "control/$script" ] || fail "$script is not executable"
  sh -n "control/$script" || fail "$script does not parse"
done
grep -q "zapas init" control/postinst || fail "postinst does not migrate the database"

# lintian: no error (warnings are listed).
lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "$deb" >lintian.log 2>&1 ||
  { cat lintian.log; fail "lintian found an error"; }
grep -v "^running with root privileges" lintian.log || true

# Unpacked into a root of its own.
dpkg -x "$deb" root
if ldd root/usr/bin/zapas | grep "not found"; then fail "a library zapas links is missing"; fi
# The unit, against the system's own units and /bin/kill, copied in.
cp -rn /lib/systemd/system/. root/lib/systemd/system/
mkdir -p root/bin && cp /bin/kill root/bin/kill
verify=$(systemd-analyze verify --man=no --root="$work/root" /lib/systemd/system/zapas.service 2>&1) ||
  fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
grep -q "^ProtectSystem=strict" root/lib/systemd/system/zapas.service || fail "no ProtectSystem=strict"

# The package's configuration, with /var/lib/zapas moved here and the web UI
# of the unpacked package.
sed -e "s#/var/lib/zapas#$work/var#g" root/etc/zapas/zapas.properties >zapas.properties
echo "web.root = $work/root/usr/share/zapas/web" >>zapas.properties
mkdir -m 0750 var
root/usr/bin/zapas init --config zapas.properties
[ "$(stat -c %a var/zapas.db.key)" = 600 ] || fail "the key is not 0600"
root/usr/bin/zapas serve --config zapas.properties --port 0 >serve.log 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's#.*serving at http://127.0.0.1:\([0-9]*\)/.*#\1#p' serve.log)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat serve.log; fail "the unpacked zapas did not serve"; }
grep -q "serving the web UI from $work/root/usr/share/zapas/web" serve.log ||
  { cat serve.log; fail "not the unpacked web UI"; }
curl -sf "http://127.0.0.1:$port/" -o index.html || fail "GET / failed"
cmp -s index.html root/usr/share/zapas/web/index.html || fail "GET / is not the package's index.html"
# (Each reply read whole before it is searched: grep -q would close the pipe early.)
curl -sf "http://127.0.0.1:$port/api/v1/health" -o health.json || fail "GET /api/v1/health"
grep -q '"status":"ok"' health.json || fail "GET /api/v1/health: $(cat health.json)"
curl -sf "http://127.0.0.1:$port/metrics" -o metrics.txt || fail "GET /metrics from loopback"
grep -q '^zapas_build_info' metrics.txt || fail "GET /metrics: no zapas_build_info"
root/usr/bin/zapas doctor --config zapas.properties >doctor.log 2>&1 || { cat doctor.log; fail "zapas doctor failed"; }
cat doctor.log
echo "package_test: ok"
