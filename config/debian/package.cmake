# The Debian package: `make package` (CPack's DEB generator) makes
# zapas_<version>-1_<arch>.deb — the program in /usr/bin, the web UI in
# /usr/share/zapas/web, the configuration in /etc/zapas, the systemd unit, the
# logrotate snippet, the man page; the zapas user and /var/lib/zapas come
# from postinst. Its dependencies are read from the shared libraries the
# program links (dpkg-shlibdeps), plus what it runs or reads: adduser
# (postinst), fonts-dejavu-core (the documents' fonts).
set(ZAPAS_DEB_DIR ${PROJECT_SOURCE_DIR}/config/debian)
set(ZAPAS_DEB_BUILD ${CMAKE_BINARY_DIR}/debian)
file(MAKE_DIRECTORY ${ZAPAS_DEB_BUILD})
# Compressed as Debian wants them: gzip -9, with no name or time inside (the
# same bytes from the same text).
foreach(pair "changelog:changelog.Debian.gz" "zapas.1:zapas.1.gz")
  string(REPLACE ":" ";" pair ${pair})
  list(GET pair 0 from)
  list(GET pair 1 to)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ZAPAS_DEB_DIR}/${from})
  execute_process(COMMAND gzip -9nc ${ZAPAS_DEB_DIR}/${from} OUTPUT_FILE ${ZAPAS_DEB_BUILD}/${to}
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
configure_file(${ZAPAS_DEB_DIR}/install.cmake.in ${ZAPAS_DEB_BUILD}/install.cmake @ONLY)
install(SCRIPT ${ZAPAS_DEB_BUILD}/install.cmake)

# cpack builds the program alone, not every test and benchmark first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME zapas)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER
    "Zapas maintainers <maintainers@users.noreply.r-seed-70a50a5d.example>")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "humanitarian aid stock and money, exact")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Zapas keeps the stock and the money of a volunteer aid cluster: donations
received by lot and expiry, transfers between warehouses, deliveries with
their waybills, cash in UAH, EUR and USD at the National Bank of Ukraine's
rates, donor and audit reports, and a tamper-evident journal. It serves a
web UI in Ukrainian and English, and runs as a systemd service with nightly
verified backups.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-client, rclone")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${ZAPAS_DEB_DIR}/postinst ${ZAPAS_DEB_DIR}/prerm ${ZAPAS_DEB_DIR}/postrm
    ${ZAPAS_DEB_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
include(CPack)
