# The SDK that `cmake --install` lays out under the prefix:
#   include/fitkit/*.h, *.hpp             the public headers
#   lib/libfitkit.a                       the C++ library (fitkit::fitkit)
#   lib/libfitkit_c.a                     the C API, static (fitkit::fitkit_c; needs libfitkit.a)
#   lib/libfitkit.so.0                    the C API, shared (fitkit::fitkit_shared)
#   lib/cmake/fitkit/                     the CMake package: find_package(fitkit)
#   lib/pkgconfig/fitkit.pc               pkg-config
#   bin/fitctl
#   lib/python3/dist-packages/fitkit/     the Python package, with a link to libfitkit.so.0
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FITKIT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/fitkit)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/fitkit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(TARGETS fitkit fitkit_c fitkit_shared EXPORT fitkitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS fitctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT fitkitTargets NAMESPACE fitkit:: DESTINATION ${FITKIT_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/fitkitConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/fitkitConfig.cmake
                              INSTALL_DESTINATION ${FITKIT_INSTALL_CMAKEDIR})
# 0.x: a new minor version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/fitkitConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/fitkitConfig.cmake ${PROJECT_BINARY_DIR}/fitkitConfigVersion.cmake
        DESTINATION ${FITKIT_INSTALL_CMAKEDIR})

# fitkit.pc finds the prefix from its own place, so the tree can be installed anywhere
# (cmake --install --prefix DIR) or moved afterwards.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  message(FATAL_ERROR "fitkit.pc needs a relative CMAKE_INSTALL_LIBDIR, not ${CMAKE_INSTALL_LIBDIR}")
endif()
file(RELATIVE_PATH FITKIT_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" FITKIT_PC_TO_PREFIX "${FITKIT_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/fitkit.pc.in ${PROJECT_BINARY_DIR}/fitkit.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/fitkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The Python package: ctypes over libfitkit.so.0, which it finds through a link beside it.
set(FITKIT_INSTALL_PYTHONDIR lib/python3/dist-packages CACHE STRING
    "Where the fitkit Python package goes, under the prefix")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/fitkit DESTINATION ${FITKIT_INSTALL_PYTHONDIR}
        PATTERN __pycache__ EXCLUDE)
file(RELATIVE_PATH FITKIT_PYTHON_TO_LIBDIR /${FITKIT_INSTALL_PYTHONDIR}/fitkit /${CMAKE_INSTALL_LIBDIR})
install(CODE "file(CREATE_LINK \"${FITKIT_PYTHON_TO_LIBDIR}/libfitkit.so.0\"
  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${FITKIT_INSTALL_PYTHONDIR}/fitkit/libfitkit.so.0\" SYMBOLIC)")
