# Test helpers shared by every part of conc.
find_package(Python3 3.9 REQUIRED COMPONENTS Interpreter)
set(CONC_EXPECT_RUN ${PROJECT_SOURCE_DIR}/tests/tools/expect_run.py)

# conc_add_cli_test(NAME name EXIT code [MATCH regex...] [NO_MATCH regex...]
#                   [TIMEOUT s] [LABELS l...] COMMAND cmd args...)
# A command-line test: the exit code and the printed text are both asserted.
function(conc_add_cli_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;EXIT;TIMEOUT" "MATCH;NO_MATCH;LABELS;COMMAND")
  if(NOT DEFINED arg_EXIT OR NOT arg_COMMAND)
    message(FATAL_ERROR "conc_add_cli_test(${arg_NAME}): EXIT and COMMAND are required")
  endif()
  set(checks --exit ${arg_EXIT})
  foreach(regex IN LISTS arg_MATCH)
    list(APPEND checks --match ${regex})
  endforeach()
  foreach(regex IN LISTS arg_NO_MATCH)
    list(APPEND checks --no-match ${regex})
  endforeach()
  if(arg_TIMEOUT)
    list(APPEND checks --timeout ${arg_TIMEOUT})
  endif()
  add_test(NAME ${arg_NAME}
    COMMAND ${Python3_EXECUTABLE} ${CONC_EXPECT_RUN} ${checks} -- ${arg_COMMAND})
  if(arg_LABELS)
    set_tests_properties(${arg_NAME} PROPERTIES LABELS "${arg_LABELS}")
  endif()
endfunction()
