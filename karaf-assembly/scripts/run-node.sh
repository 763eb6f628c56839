#!/usr/bin/env bash
#
# Builds Pangea and starts a node with working defaults.
#
#   karaf-assembly/scripts/run-node.sh [NODE_HOME]      (default: $PANGEA_NODE_HOME, else ~/pangea-node)
#
# The first run unpacks the distribution into NODE_HOME. Later runs stop the node, refresh only the program
# (bin/, lib/, system/ and the etc/ files that describe the program: startup, boot features, framework
# properties), add etc/ files that are new, clear data/cache, and keep everything else: the operator's
# credentials and configuration in etc/, and the node's data in data/.
set -euo pipefail

repo="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
node="$(readlink -m "${1:-${PANGEA_NODE_HOME:-${HOME}/pangea-node}}")"

# etc/ files that belong to the program rather than to the operator; replaced on every refresh.
program_etc=(
    config.properties startup.properties jre.properties custom.properties distribution.info profile.cfg
    org.apache.karaf.features.cfg org.apache.karaf.features.repos.cfg org.apache.karaf.features.xml
)

say() { echo "run-node: $*" >&2; }

running_pid() {
    local pid
    pid="$(sed -n 's/^item\.0\.pid[[:space:]]*=[[:space:]]*//p' "${node}/instances/instance.properties" 2>/dev/null | tr -d '\r')"
    [[ "${pid}" =~ ^[0-9]+$ && "${pid}" != 0 ]] && kill -0 "${pid}" 2>/dev/null \
        && tr '\0' ' ' < "/proc/${pid}/cmdline" 2>/dev/null | grep -q 'org.apache.karaf.main.Main' \
        && echo "${pid}"
}

stop_node() {
    local pid
    pid="$(running_pid)" || return 0
    say "stopping the node in ${node} (process ${pid})"
    "${node}/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 60); do
        kill -0 "${pid}" 2>/dev/null || return 0
        sleep 1
    done
    say "the node did not stop within 60 s; killing process ${pid}"
    kill -9 "${pid}" 2>/dev/null || true
}

cfg() { # cfg FILE KEY DEFAULT
    local value
    value="$(sed -n "s/^[[:space:]]*$2[[:space:]]*[=:][[:space:]]*//p" "${node}/etc/$1" 2>/dev/null | tail -n 1 | tr -d '\r')"
    echo "${value:-$3}"
}

"${repo}/karaf-assembly/scripts/install-deps.sh"

say "building (mvn -B -q install -DskipTests in ${repo})"
(cd "${repo}" && mvn -B -q install -DskipTests)
archives=("${repo}"/karaf-assembly/target/pangea-karaf-*.tar.gz)
[[ ${#archives[@]} -eq 1 && -f "${archives[0]}" ]] || { say "expected one archive, found: ${archives[*]}"; exit 1; }

staging="$(mktemp -d)"
trap 'rm -rf "${staging}"' EXIT
tar xzf "${archives[0]}" -C "${staging}"
fresh=("${staging}"/*)

if [[ -d "${node}/etc" ]]; then
    stop_node
    say "refreshing the program in ${node}; etc/ and data/ stay"
    rm -rf "${node}/bin" "${node}/lib" "${node}/system" "${node}/data/cache"
    mv "${fresh[0]}/bin" "${fresh[0]}/lib" "${fresh[0]}/system" "${node}/"
    for file in "${program_etc[@]}"; do
        cp "${fresh[0]}/etc/${file}" "${node}/etc/${file}"
    done
    cp -R -n "${fresh[0]}/etc/." "${node}/etc/"
elif [[ -e "${node}" && -n "$(ls -A "${node}")" ]]; then
    say "${node} exists and is not a Pangea node; choose another NODE_HOME"
    exit 1
else
    say "unpacking a new node into ${node}"
    mkdir -p "${node}"
    cp -R "${fresh[0]}/." "${node}/"
fi

"${node}/bin/start"
if ! "${node}/bin/pangea" --wait 180; then
    say "the node did not become ready; the end of ${node}/data/log/karaf.log:"
    tail -n 40 "${node}/data/log/karaf.log" >&2 || true
    exit 1
fi

ssh_port="$(cfg org.apache.karaf.shell.cfg sshPort 8101)"
http_port="$(cfg org.ops4j.pax.web.cfg org.osgi.service.http.port 8181)"
cat <<SUMMARY

Pangea node running in ${node}
  credentials   ${node}/etc/operator.credentials   (user operator; the password for the web console is there)
  commands      ${node}/bin/pangea pangea:caps
                ${node}/bin/pangea pangea:providers compression
                ${node}/bin/pangea feature:uninstall pangea-compression-zstd    (and feature:install to bring it back)
  ssh           ssh -p ${ssh_port} -i ${node}/etc/operator_ssh operator@127.0.0.1
  web console   http://127.0.0.1:${http_port}/system/console/pangea
  log           ${node}/data/log/karaf.log
  stop          ${node}/bin/stop
SUMMARY
