# Install.cmake — what `cmake --install` puts where, and the Debian package (cpack -G DEB).
# Man pages are installed gzip'd (-9n: reproducible), as Debian wants them; the package
# also carries a copyright file and a changelog, which lintian requires.
include(GNUInstallDirs)

set(LOGSTAT_MAN_PAGES docs/man/logstat.1 docs/man/logstat-codes.5)
set(LOGSTAT_GZ_DIR ${PROJECT_BINARY_DIR}/gz)
set(LOGSTAT_GZ_FILES)
foreach(src ${LOGSTAT_MAN_PAGES} packaging/deb/changelog)
  get_filename_component(name ${src} NAME)
  set(out ${LOGSTAT_GZ_DIR}/${name}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${LOGSTAT_GZ_DIR}
    COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/${src} > ${out}
    DEPENDS ${PROJECT_SOURCE_DIR}/${src} VERBATIM)
  list(APPEND LOGSTAT_GZ_FILES ${out})
endforeach()
add_custom_target(logstat_gz ALL DEPENDS ${LOGSTAT_GZ_FILES})

install(TARGETS logstat RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${LOGSTAT_GZ_DIR}/logstat.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${LOGSTAT_GZ_DIR}/logstat-codes.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completions/logstat.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME logstat)
install(FILES completions/_logstat DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/logstat.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES README.md docs/codes.md docs/cron.md docs/formats.md docs/html.md docs/json.md docs/live.md
        docs/monitoring.md docs/PERFORMANCE.md packaging/deb/copyright ${LOGSTAT_GZ_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES examples/logstat-prometheus.service examples/logstat-prometheus.timer
        examples/logstat-exporter.service
        examples/crontab examples/nrpe.cfg docs/codes.example
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

set(CPACK_PACKAGE_NAME logstat)
set(CPACK_PACKAGE_VENDOR "logstat")
# Who answers for the package: whoever builds and ships it sets this (-DLOGSTAT_PACKAGE_CONTACT=
# "Name <mail>"); the default only satisfies the format.
set(LOGSTAT_PACKAGE_CONTACT "logstat maintainers <logstat@example.org>"
    CACHE STRING "Maintainer of the .deb built by cpack")
set(LOGSTAT_PACKAGE_HOMEPAGE "" CACHE STRING "Homepage field of the .deb (none when empty)")
set(CPACK_PACKAGE_CONTACT "${LOGSTAT_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP access-log status analyzer")
set(CPACK_PACKAGE_DESCRIPTION
    "logstat counts what web servers answered: every HTTP status code and\n\
class in access logs (Apache/nginx, W3C/IIS, CloudFront, AWS load\n\
balancers, HAProxy, S3, Squid, JSON lines; plain, gzip or zstd), with\n\
malformed lines, time ranges, the requests that failed and latency. It\n\
follows logs live, exports to Prometheus, runs unattended from cron or\n\
systemd timers with thresholds, and writes text, JSON, CSV, HTML,\n\
Prometheus and Nagios reports.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(LOGSTAT_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${LOGSTAT_PACKAGE_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
