# Per-generator CPack settings (read by cpack for each generator): the .deb installs under /usr;
# the .tar.gz unpacks to focus-browser-VERSION-Linux/{bin,share}, runnable where it is unpacked
# (the browser finds share/focus-browser beside bin/).
if(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
