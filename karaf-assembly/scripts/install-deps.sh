#!/usr/bin/env bash
#
# Installs the Debian packages that building, running and testing Pangea need, and only those that are
# missing: nothing is touched on a machine that has them all. Expects Debian 12 with JDK 17 and Maven.
set -euo pipefail

# One package a line, with what needs it.
packages=(
    bpftool          # writes vmlinux.h from the kernel's BTF for the eBPF programs (bpf/build.sh)
    clang            # compiles the eBPF programs (CO-RE)
    llvm             # llvm-strip: drops DWARF from the eBPF objects, keeps BTF
    libbpf-dev       # libbpf: the eBPF binding links it
    libelf-dev       # libelf and zlib: libbpf's own dependencies at link time
    zlib1g-dev
    iproute2         # ip netns / veth: the kernel tests build their own namespaces
    gcc              # compiles the JNI glue of the native providers (cnf/native/build-jni.sh)
    libisal-dev      # ISA-L: the native erasure provider links it
    libssl-dev       # OpenSSL libcrypto: the native XChaCha20-Poly1305 provider links it
    liburing-dev     # liburing: the io_uring storage engine links it
    libsodium-dev    # libsodium: an independent XChaCha20-Poly1305 the cipher tests check against
    openssl          # the reference the cipher benchmark compares against
    chromium         # the browser the web console test (WebConsoleBrowserIT) drives, headless
    chromium-driver  # chromedriver: how Selenium drives chromium in that test
    openssh-client   # ssh, ssh-keygen: the operator's key (bin/setenv) and bin/pangea
    procps           # ps: Karaf's bin/ scripts look for the running instance with it
    zstd             # the reference tool the compression benchmarks compare against
    nftables         # the reference the XDP guard benchmark compares against (nft)
)

# js-libp2p, the interop peer of the transport tests, runs on Node.js (20 or newer); the machine image usually
# brings its own, so Debian's is installed only when there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "${package}" 2>/dev/null)" != "install ok installed" ]]; then
        missing+=("${package}")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
