// A js-libp2p peer driven by the Java interoperability test (JsLibp2pInteropTest) through stdin and stdout.
// Every line it prints is one JSON object with an "event"; every line it reads is one JSON command.
//   -> {"cmd":"ping","addr":"/ip4/127.0.0.1/tcp/4001/p2p/12D3Koo..."}   <- {"event":"pong","rtt":3}
//   -> {"cmd":"peer","peerId":"12D3Koo..."}                           <- {"event":"peer","agentVersion":...}
//   Kademlia (/ipfs/kad/1.0.0, @libp2p/kad-dht in server mode, loopback addresses kept), for the DHT module's test:
//   -> {"cmd":"connect","addr":"/ip4/.../p2p/12D3Koo..."}              <- {"event":"connected","peerId":...}
//   -> {"cmd":"routing-table"}                                         <- {"event":"routing-table","peers":[...]}
//   -> {"cmd":"provide","cid":"bafk..."}                               <- {"event":"provided","cid":...}
//   -> {"cmd":"find-providers","cid":"bafk...","timeout":10000}        <- {"event":"providers","cid":...,"providers":[...],"addrs":[...]}
//   -> {"cmd":"find-peer","peerId":"12D3Koo...","timeout":10000}        <- {"event":"peer-found","peerId":...,"addrs":[...]}
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
const { kadDHT } = await import('@libp2p/kad-dht')
const { CID } = await import('multiformats/cid')

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n')
const text = (bytes) => bytes == null ? null : new TextDecoder().decode(bytes)

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    // A server (answers queries) that keeps 127.0.0.1 addresses, which the default mapper would strip.
    dht: kadDHT({ protocol: '/ipfs/kad/1.0.0', clientMode: false, peerInfoMapper: (p) => p })
  }
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
    case 'connect': {
      const connection = await node.dial(multiaddr(command.addr), { signal: AbortSignal.timeout(10000) })
      return { event: 'connected', peerId: connection.remotePeer.toString() }
    }
    case 'routing-table': {
      const peers = []
      for (const bucket of node.services.dht.routingTable.kb?.toIterable?.() ?? []) {
        peers.push(bucket.peerId.toString())
      }
      return { event: 'routing-table', size: node.services.dht.routingTable.size, peers }
    }
    case 'provide': {
      const cid = CID.parse(command.cid)
      await node.contentRouting.provide(cid, { signal: AbortSignal.timeout(command.timeout ?? 10000) })
      return { event: 'provided', cid: cid.toString() }
    }
    case 'find-providers': {
      const cid = CID.parse(command.cid)
      const providers = []
      const addrs = []
      try {
        for await (const p of node.contentRouting.findProviders(cid, { signal: AbortSignal.timeout(command.timeout ?? 10000) })) {
          providers.push(p.id.toString())
          addrs.push(...p.multiaddrs.map(String))
          break
        }
      } catch (e) {
        if (providers.length === 0) throw e
      }
      return { event: 'providers', cid: cid.toString(), providers, addrs }
    }
    case 'find-peer': {
      const id = peerIdFromString(command.peerId)
      let found = null
      for await (const e of node.services.dht.findPeer(id, { signal: AbortSignal.timeout(command.timeout ?? 10000) })) {
        if (e.name === 'FINAL_PEER') {
          found = e.peer
          break
        }
      }
      if (found == null) return { event: 'error', cmd: 'find-peer', message: 'not found: ' + command.peerId }
      return { event: 'peer-found', peerId: found.id.toString(), addrs: found.multiaddrs.map(String) }
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
