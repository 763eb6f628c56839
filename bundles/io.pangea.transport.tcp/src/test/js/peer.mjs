// A js-libp2p peer driven by the Java interoperability test (JsLibp2pInteropTest) through stdin and stdout.
// Every line it prints is one JSON object with an "event"; every line it reads is one JSON command.
//   -> {"cmd":"ping","addr":"/ip4/127.0.0.1/tcp/4001/p2p/12D3Koo..."}   <- {"event":"pong","rtt":3}
//   -> {"cmd":"peer","peerId":"12D3Koo..."}                           <- {"event":"peer","agentVersion":...}
//   -> {"cmd":"quit"}
// libp2p 3.x uses Promise.withResolvers, which Node 20 lacks: polyfill it before libp2p loads.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve
    let reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

const { createLibp2p } = await import('libp2p')
const { tcp } = await import('@libp2p/tcp')
const { noise } = await import('@chainsafe/libp2p-noise')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { identify } = await import('@libp2p/identify')
const { ping } = await import('@libp2p/ping')
const { multiaddr } = await import('@multiformats/multiaddr')
const { peerIdFromString } = await import('@libp2p/peer-id')
const { createInterface } = await import('node:readline')

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')
const text = (bytes) => bytes == null ? null : new TextDecoder().decode(bytes)

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

node.addEventListener('peer:identify', (e) => {
  const d = e.detail
  emit({
    event: 'identify',
    peerId: d.peerId.toString(),
    agentVersion: d.agentVersion ?? null,
    protocolVersion: d.protocolVersion ?? null,
    protocols: d.protocols,
    listenAddrs: d.listenAddrs.map(String),
    observedAddr: d.observedAddr?.toString() ?? null
  })
})

async function handle (command) {
  switch (command.cmd) {
    case 'ping': {
      const rtt = await node.services.ping.ping(multiaddr(command.addr), { signal: AbortSignal.timeout(10000) })
      return { event: 'pong', rtt }
    }
    case 'peer': {
      const peer = await node.peerStore.get(peerIdFromString(command.peerId))
      return {
        event: 'peer',
        agentVersion: text(peer.metadata.get('AgentVersion')),
        protocolVersion: text(peer.metadata.get('ProtocolVersion')),
        protocols: peer.protocols
      }
    }
    case 'quit':
      await node.stop()
      process.exit(0)
    default:
      return { event: 'error', message: 'unknown command ' + command.cmd }
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let command
  try {
    command = JSON.parse(line)
  } catch (e) {
    emit({ event: 'error', message: 'not JSON: ' + line })
    return
  }
  handle(command).then(emit, (e) => emit({ event: 'error', cmd: command.cmd, message: String(e?.stack ?? e) }))
}).on('close', () => { node.stop().finally(() => process.exit(0)) })

emit({ event: 'listening', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
