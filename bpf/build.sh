#!/usr/bin/env bash
# Compiles eBPF programs (CO-RE) for the bundle that packages them. Called by that bundle's pom (exec-maven-plugin).
#
#   build.sh SOURCE_DIR OUTPUT_DIR GENERATED_DIR NAME...
#
# compiles SOURCE_DIR/NAME.bpf.c into OUTPUT_DIR/NAME.bpf.o for every NAME. vmlinux.h is generated from the
# build machine's kernel BTF into GENERATED_DIR (a build directory, never committed); with CO-RE the objects
# still load on other kernels that have BTF.
set -euo pipefail
sources="$1" output="$2" generated="$3"
shift 3

missing() {
    echo "bpf/build.sh: $1; install the Debian packages with karaf-assembly/scripts/install-deps.sh" >&2
    exit 1
}
command -v clang >/dev/null || missing "clang is missing"
command -v bpftool >/dev/null || missing "bpftool is missing"
[[ -f /usr/include/bpf/bpf_helpers.h ]] || missing "/usr/include/bpf/bpf_helpers.h (libbpf-dev) is missing"
[[ -f /sys/kernel/btf/vmlinux ]] || {
    echo "bpf/build.sh: /sys/kernel/btf/vmlinux is missing: this kernel has no BTF (CONFIG_DEBUG_INFO_BTF)" >&2
    exit 1
}

mkdir -p "${output}" "${generated}"
if [[ ! -s "${generated}/vmlinux.h" ]]; then
    bpftool btf dump file /sys/kernel/btf/vmlinux format c > "${generated}/vmlinux.h.tmp"
    mv "${generated}/vmlinux.h.tmp" "${generated}/vmlinux.h"
fi

case "$(uname -m)" in
    x86_64|amd64) target_arch=x86 ;;
    aarch64|arm64) target_arch=arm64 ;;
    *) echo "bpf/build.sh: no CO-RE target for $(uname -m)" >&2; exit 1 ;;
esac
strip=$(command -v llvm-strip || true)
for name in "$@"; do
    source="${sources}/${name}.bpf.c"
    object="${output}/${name}.bpf.o"
    [[ -f "${source}" ]] || { echo "bpf/build.sh: ${source} does not exist" >&2; exit 1; }
    # Up to date when newer than its source, this script and the headers beside the source (packet.bpf.h).
    fresh=1
    for dependency in "${source}" "${BASH_SOURCE[0]}" "${sources}"/*.bpf.h; do
        if [[ -e "${dependency}" && ! ( -f "${object}" && "${object}" -nt "${dependency}" ) ]]; then
            fresh=0
        fi
    done
    if (( fresh )); then
        continue
    fi
    clang -O2 -g -target bpf -D__TARGET_ARCH_${target_arch} -Wall -Werror \
        -I"${generated}" -I"${sources}" -c "${source}" -o "${object}.tmp"
    # DWARF is not needed at run time; the BTF that libbpf and the verifier use stays.
    if [[ -n "${strip}" ]]; then
        "${strip}" -g "${object}.tmp"
    fi
    mv "${object}.tmp" "${object}"
    echo "bpf/build.sh: built ${object}"
done
