#!/bin/sh
# Installs a fitkit build into a temporary prefix and builds and runs examples/cpp and examples/c
# against it: with find_package(fitkit), statically, and with pkg-config. Removes everything it
# made, also on failure.
#   build_examples.sh BUILD_DIR SOURCE_DIR
# Environment (set by ctest): SDK_LIBDIR, CC, CXX, SDK_CFLAGS, SDK_CXXFLAGS, SDK_LDFLAGS, SDK_BUILD_TYPE.
set -eu

build_dir=$1
source_dir=$2
libdir=${SDK_LIBDIR:-lib}
cc=${CC:-cc}
work=$(mktemp -d "${TMPDIR:-/tmp}/fitkit-sdk-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP
prefix=$work/prefix

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs a command quietly; shows its output when it fails.
quiet() {
  log=$work/last.log
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "$*"
  fi
}

# Runs an example and checks the lines every example prints.
check_example() {
  name=$1
  shift
  out=$work/$name.out
  rc=0
  "$@" >"$out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$out" >&2; fail "$name exited with $rc"; }
  for expected in "signed in as usr_" '"first_name":"Grace"' "refused: " "email"; do
    grep -q -- "$expected" "$out" || { cat "$out" >&2; fail "$name did not print $expected"; }
  done
  echo "ok: $name"
}

echo "== cmake --install $build_dir --prefix $prefix"
quiet cmake --install "$build_dir" --prefix "$prefix"
for f in include/fitkit/fitkit.h include/fitkit/platform.hpp "$libdir/libfitkit.a" "$libdir/libfitkit_c.a" \
         "$libdir/libfitkit.so" "$libdir/libfitkit.so.0" "$libdir/cmake/fitkit/fitkitConfig.cmake" \
         "$libdir/cmake/fitkit/fitkitConfigVersion.cmake" "$libdir/cmake/fitkit/fitkitTargets.cmake" \
         "$libdir/pkgconfig/fitkit.pc"; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
# Public headers only: nothing of src/ is installed.
others=$(find "$prefix/include" -type f ! -name '*.h' ! -name '*.hpp')
[ -z "$others" ] || fail "unexpected files under include/: $others"
[ ! -e "$prefix/include/api" ] || fail "private headers were installed"
# The shared library exports the C API only.
if nm -D --defined-only "$prefix/$libdir/libfitkit.so" | grep -v ' fitkit_' | grep -q .; then
  fail "libfitkit.so exports more than the C API"
fi

configure() {
  src=$1
  bin=$2
  shift 2
  quiet cmake -S "$src" -B "$bin" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE="${SDK_BUILD_TYPE:-RelWithDebInfo}" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="${CXX:-c++}" -DCMAKE_C_FLAGS="${SDK_CFLAGS:-}" \
    -DCMAKE_CXX_FLAGS="${SDK_CXXFLAGS:-}" -DCMAKE_EXE_LINKER_FLAGS="${SDK_LDFLAGS:-}" "$@"
}

echo "== examples/cpp with find_package(fitkit)"
configure "$source_dir/examples/cpp" "$work/cpp"
quiet cmake --build "$work/cpp" -j2
check_example cpp "$work/cpp/fitkit_example_cpp"
grep -q "profile of Grace in Arlington" "$work/cpp.out" || fail "the C++ example did not read the profile back"

echo "== examples/c with find_package(fitkit), shared"
configure "$source_dir/examples/c" "$work/c"
quiet cmake --build "$work/c"
readelf -d "$work/c/fitkit_example_c" | grep -q 'NEEDED.*libfitkit\.so\.0' || fail "the C example does not use libfitkit.so.0"
check_example c-shared "$work/c/fitkit_example_c"

echo "== examples/c with find_package(fitkit), static"
configure "$source_dir/examples/c" "$work/c-static" -DFITKIT_EXAMPLE_STATIC=ON
quiet cmake --build "$work/c-static"
if readelf -d "$work/c-static/fitkit_example_c" | grep -q 'NEEDED.*libfitkit'; then
  fail "the static C example still needs libfitkit.so"
fi
check_example c-static "$work/c-static/fitkit_example_c"

echo "== examples/c with pkg-config"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
[ "$(pkg-config --modversion fitkit)" = "$(sed -n 's/^Version: //p' "$prefix/$libdir/pkgconfig/fitkit.pc")" ] ||
  fail "pkg-config does not find fitkit.pc"
# shellcheck disable=SC2046,SC2086
quiet "$cc" ${SDK_CFLAGS:-} "$source_dir/examples/c/main.c" -o "$work/c-pkg-config" \
  $(pkg-config --cflags --libs fitkit) ${SDK_LDFLAGS:-}
check_example c-pkg-config env LD_LIBRARY_PATH="$prefix/$libdir" "$work/c-pkg-config"

echo "== examples/python against the installed package"
[ -L "$prefix/lib/python3/dist-packages/fitkit/libfitkit.so.0" ] || fail "the Python package has no link to libfitkit.so.0"
check_example python env -u FITKIT_LIBRARY PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 \
  "$source_dir/examples/python/example.py"

echo "the installed SDK builds and runs the examples"
