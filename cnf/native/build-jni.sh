#!/usr/bin/env bash
# Compiles a bundle's JNI glue (src/main/c/*.c) into the bundle, at native/linux-<arch>/lib<name>.so, against the
# Debian -dev packages. Called by the root pom's native-jni profile for every module that has src/main/c.
#
#   build-jni.sh MODULE_DIR CLASSES_DIR LIBRARY_NAME "LINK FLAGS" "REQUIRED HEADERS"
set -euo pipefail
module="$1" classes="$2" name="$3" link="${4:-}" headers="${5:-}"

java_home="${JAVA_HOME:-$(readlink -f "$(command -v javac)" | sed 's#/bin/javac$##')}"
arch="$(uname -m)"
case "${arch}" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch64 ;; esac
out="${classes}/native/linux-${arch}"
mkdir -p "${out}"

for header in ${headers}; do
    if [[ ! -f "/usr/include/${header}" ]]; then
        echo "build-jni: /usr/include/${header} is missing; install the Debian -dev packages with" \
             "karaf-assembly/scripts/install-deps.sh" >&2
        exit 1
    fi
done

sources=("${module}"/src/main/c/*.c)
target="${out}/lib${name}.so"
# Rebuild only when a source or header is newer than the library.
if [[ -f "${target}" ]] && [[ -z "$(find "${module}/src/main/c" -newer "${target}" -type f)" ]]; then
    exit 0
fi
# shellcheck disable=SC2086
gcc -O3 -fPIC -shared -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE \
    -I"${java_home}/include" -I"${java_home}/include/linux" \
    -o "${target}" "${sources[@]}" ${link}
echo "build-jni: built ${target}"
