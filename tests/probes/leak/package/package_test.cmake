# Installs the runtime into a fresh prefix and builds consumers against it:
# with find_package(conc) and with pkg-config. Run with
#   cmake -DBUILD_DIR=<build>/runtime-probes -DWORK_DIR=<tmp> -DCONSUMER=<dir>
#         -DCXX=<c++> -DCC=<cc> -DGENERATOR=<gen> [-DEXPECT_CONC=ON]
#         [-DSANITIZER_FLAGS=-fsanitize=...] -P package_test.cmake
# SANITIZER_FLAGS: the libraries were built with a sanitizer (tsan and asan
# presets), so the consumers must be too.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("$ ${ARGN}\n${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package test: command failed (${rc}): ${ARGN}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

foreach(file include/conc/probe/probe.h include/conc/probe/probe_c.h include/conc/probe/gtest.h)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "package test: ${file} was not installed")
  endif()
endforeach()
file(GLOB_RECURSE config ${prefix}/*/concConfig.cmake)
file(GLOB_RECURSE pc ${prefix}/*/conc_probe.pc)
if(NOT config OR NOT pc)
  message(FATAL_ERROR "package test: concConfig.cmake or conc_probe.pc missing under ${prefix}")
endif()

# find_package(conc)
run(${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK_DIR}/consumer -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_C_COMPILER=${CC}
    -DCMAKE_BUILD_TYPE=Release -DCONC_EXPECT_CONC_TARGET=${EXPECT_CONC}
    "-DCMAKE_C_FLAGS=${SANITIZER_FLAGS}" "-DCMAKE_CXX_FLAGS=${SANITIZER_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
foreach(exe uses_probe uses_probe_static uses_probe_from_c)
  run(${WORK_DIR}/consumer/${exe})
endforeach()

# pkg-config
get_filename_component(pc_dir ${pc} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND pkg-config --cflags --libs conc_probe
  OUTPUT_VARIABLE flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package test: pkg-config --cflags --libs conc_probe failed")
endif()
message("pkg-config: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND pkg-config --variable=libdir conc_probe OUTPUT_VARIABLE libdir
  OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(sanitizer_flags UNIX_COMMAND "${SANITIZER_FLAGS}")
run(${CXX} -std=c++20 -g ${sanitizer_flags} ${CONSUMER}/uses_probe.cpp ${flags} -Wl,-rpath,${libdir}
    -o ${WORK_DIR}/pkgconfig_consumer)
run(${WORK_DIR}/pkgconfig_consumer)
if(EXPECT_CONC)
  run(pkg-config --exists conc)
endif()
message("package test: find_package(conc) and pkg-config consumers work")
