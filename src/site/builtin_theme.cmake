# Writes a C++ source that holds every file of one theme folder as a byte
# array, for site/builtin_theme.cc. Run with
#   cmake -DTHEME_NAME=default -DTHEME_DIR=<dir> -DOUTPUT=<file.cc> -P builtin_theme.cmake
# How: glob the folder (sorted, so the output is deterministic), read each
# file as hex, turn every byte pair into "0xNN," (16 to a line) and emit one
# array per file plus a function BuiltinTheme_<name>() that lists
# {relative path, bytes}. An extra 0 byte ends each array so that an empty
# file still makes a valid array; the recorded size excludes it.
cmake_minimum_required(VERSION 3.25)

foreach(required THEME_NAME THEME_DIR OUTPUT)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "builtin_theme.cmake: ${required} is not set")
  endif()
endforeach()

file(GLOB_RECURSE theme_files LIST_DIRECTORIES false RELATIVE "${THEME_DIR}" "${THEME_DIR}/*")
list(SORT theme_files)

set(sixteen_bytes "")
foreach(i RANGE 15)
  string(APPEND sixteen_bytes "0x[0-9a-f][0-9a-f],")
endforeach()

set(arrays "")
set(entries "")
set(index 0)
foreach(relative IN LISTS theme_files)
  file(READ "${THEME_DIR}/${relative}" hex HEX)
  file(SIZE "${THEME_DIR}/${relative}" size)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(${sixteen_bytes})" "\\1\n" bytes "${bytes}")
  string(APPEND arrays "// ${relative}\nconst unsigned char kFile${index}[] = {\n${bytes}0x00};\n\n")
  string(APPEND entries "      {\"${relative}\", std::string_view(reinterpret_cast<const char*>(kFile${index}), ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()

set(source "// Generated from themes/${THEME_NAME} by src/site/builtin_theme.cmake. Do not edit.
#include <string_view>
#include <vector>

#include \"site/builtin_theme.h\"

namespace stacks::site {
namespace {

${arrays}}  // namespace

std::vector<EmbeddedFile> BuiltinTheme_${THEME_NAME}() {
  return {
${entries}  };
}

}  // namespace stacks::site
")

file(WRITE "${OUTPUT}" "${source}")
