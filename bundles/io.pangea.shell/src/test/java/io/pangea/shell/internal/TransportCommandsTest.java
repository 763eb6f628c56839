package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pangea:peers, pangea:id and pangea:connect on a node with several transports, through fakes of the API. */
class TransportCommandsTest {
    private static final String SELF = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String JS = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";
    private static final String OTHER = "12D3KooWMBpiTGaKrMY6zaQWqCQM7rrVwyw3KZsoxbYmmPFLgRZ4";

    private final Output output = new Output();

    /** A transport of fixed addresses and connections that supports one address family. */
    static final class FakeTransport implements Transport {
        final String family;
        final List<String> listening;
        final List<PeerConnection> open = new ArrayList<>();
        final List<String> dialed = new ArrayList<>();

        FakeTransport(String family, List<String> listening) {
            this.family = family;
            this.listening = listening;
        }

        @Override
        public List<String> listenAddresses() {
            return listening;
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            dialed.add(multiaddr);
            return CompletableFuture.completedFuture(open.get(0));
        }

        @Override
        public boolean supports(String multiaddr) {
            return multiaddr.contains(family);
        }

        @Override
        public List<PeerConnection> connections() {
            return open;
        }
    }

    static PeerConnection connection(String peer, String remote, List<String> announced, Optional<String> agent,
                                     Optional<ConnectionQuality> quality) {
        return new PeerConnection() {
            @Override
            public String remotePeer() {
                return peer;
            }

            @Override
            public String remoteAddress() {
                return remote;
            }

            @Override
            public CompletionStage<PeerStream> openStream(String protocol) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }

            @Override
            public List<String> remoteListenAddresses() {
                return announced;
            }

            @Override
            public Optional<String> remoteAgent() {
                return agent;
            }

            @Override
            public Optional<ConnectionQuality> quality() {
                return quality;
            }

            @Override
            public CompletionStage<Void> whenClosed() {
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A selector over named transports (best first, each with its own codec) and ineligible providers; it counts
     * open leases so the tests see every one released.
     */
    static final class TransportSelector extends LeasingSelector {
        final Map<String, FakeTransport> eligible = new LinkedHashMap<>();
        final Map<String, String> ineligible = new LinkedHashMap<>();
        String active;

        @Override
        public List<ProviderStatus> providers(Capability capability) {
            List<ProviderStatus> all = new ArrayList<>();
            eligible.keySet().forEach(name -> all.add(new ProviderStatus(capability, name, "libp2p-" + name, 10,
                    List.of(), true, name.equals(active), List.of(), "io.pangea.transport." + name)));
            ineligible.forEach((name, reason) -> all.add(new ProviderStatus(capability, name, "libp2p-" + name, 5,
                    List.of(), false, false, List.of(reason), "io.pangea.transport." + name)));
            return all;
        }

        @Override
        public Optional<ProviderStatus> active(Capability capability) {
            return providers(capability).stream().filter(ProviderStatus::active).findFirst();
        }

        @Override
        public <T> Lease<T> lease(Class<T> type) {
            if (active == null) {
                throw new NoProviderException("no eligible provider of " + type.getSimpleName());
            }
            return lease(type, "libp2p-" + active);
        }

        @Override
        public <T> Lease<T> lease(Class<T> type, String codec) {
            String name = codec.substring("libp2p-".length());
            FakeTransport transport = eligible.get(name);
            if (transport == null) {
                throw new NoProviderException("no eligible provider of codec " + codec);
            }
            return leaseOf(type, transport, name, codec);
        }
    }

    private final FakeTransport tcp = new FakeTransport("/tcp/", List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + SELF,
            "/ip6/::1/tcp/4001/p2p/" + SELF));
    private final FakeTransport quic = new FakeTransport("/quic-v1", List.of(
            "/ip4/127.0.0.1/udp/4001/quic-v1/p2p/" + SELF));
    private final TransportSelector selector = new TransportSelector();

    {
        selector.eligible.put("quic", quic);
        selector.eligible.put("tcp", tcp);
        selector.ineligible.put("websocket", "pangea.unavailable: cannot listen on /ip4/127.0.0.1/tcp/4002");
        selector.active = "quic";
    }

    @Test
    void peersListsTheConnectionsOfEveryTransport() {
        quic.open.add(connection(OTHER, "/ip4/127.0.0.1/udp/4005/quic-v1",
                List.of("/ip4/127.0.0.1/udp/4005/quic-v1"), Optional.of("pangea/0.1.0"),
                Optional.of(new ConnectionQuality(Duration.ofNanos(1_250_000), Duration.ofNanos(300_000), 0.25, 4))));
        tcp.open.add(connection(JS, "/ip4/127.0.0.1/tcp/53012", List.of("/ip4/127.0.0.1/tcp/4003"),
                Optional.of("js-libp2p/2.0.0"), Optional.empty()));
        tcp.open.add(connection(OTHER, "/ip4/127.0.0.1/tcp/4006", List.of(), Optional.empty(), Optional.empty()));
        PeersCommand command = new PeersCommand();
        command.selector = selector;
        command.out = output.stream;
        command.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Peer", "Transport", "Dir", "Remote address", "Agent", "Latency", "Jitter", "Loss"),
                List.of(OTHER, "quic", "out", "/ip4/127.0.0.1/udp/4005/quic-v1", "pangea/0.1.0", "1.3 ms", "0.3 ms",
                        "25%"),
                List.of(OTHER, "tcp", "-", "/ip4/127.0.0.1/tcp/4006", "-", "-", "-", "-"),
                List.of(JS, "tcp", "in", "/ip4/127.0.0.1/tcp/53012", "js-libp2p/2.0.0", "-", "-", "-"));
        assertThat(output.lines()).last().isEqualTo("3 connection(s)");
        assertThat(selector.openLeases()).isZero();
    }

    @Test
    void peersWithoutConnectionsSaysSo() {
        PeersCommand command = new PeersCommand();
        command.selector = selector;
        command.out = output.stream;
        command.execute();
        assertThat(output.rows()).hasSize(1);
        assertThat(output.lines()).last().isEqualTo("0 connection(s)");
    }

    @Test
    void idListsEveryTransportAndMarksTheActiveOne() {
        IdCommand command = new IdCommand();
        command.selector = selector;
        command.out = output.stream;
        command.execute();

        assertThat(output.lines().get(0)).isEqualTo("Peer id: " + SELF);
        assertThat(output.rows()).containsExactly(List.of("Transport", "Active", "Listening on"),
                List.of("quic", "*", "/ip4/127.0.0.1/udp/4001/quic-v1/p2p/" + SELF),
                List.of("tcp", "", "/ip4/127.0.0.1/tcp/4001/p2p/" + SELF),
                List.of("tcp", "", "/ip6/::1/tcp/4001/p2p/" + SELF),
                List.of("websocket", "", "(unavailable: pangea.unavailable: cannot listen on /ip4/127.0.0.1/tcp/4002)"));
        assertThat(selector.openLeases()).isZero();
    }

    @Test
    void idWithoutAnActiveTransportStillListsTheOthers() {
        selector.active = null;
        IdCommand command = new IdCommand();
        command.selector = selector;
        command.out = output.stream;
        command.execute();
        assertThat(output.rows()).extracting(row -> row.get(0) + row.get(1))
                .containsExactly("TransportActive", "quic", "tcp", "tcp", "websocket");
    }

    @Test
    void connectUsesTheActiveTransportOrOneThatSupportsTheAddress() throws Exception {
        quic.open.add(connection(OTHER, "/ip4/127.0.0.1/udp/4005/quic-v1", List.of(), Optional.empty(),
                Optional.empty()));
        tcp.open.add(connection(JS, "/ip4/127.0.0.1/tcp/4003", List.of(), Optional.empty(), Optional.empty()));
        ConnectCommand command = new ConnectCommand();
        command.selector = selector;
        command.out = output.stream;
        command.address = "/ip4/127.0.0.1/tcp/4003/p2p/" + JS;
        command.execute();
        command.address = "/ip4/127.0.0.1/udp/4005/quic-v1/p2p/" + OTHER;
        command.execute();

        assertThat(tcp.dialed).containsExactly("/ip4/127.0.0.1/tcp/4003/p2p/" + JS);
        assertThat(quic.dialed).containsExactly("/ip4/127.0.0.1/udp/4005/quic-v1/p2p/" + OTHER);
        assertThat(output.lines()).contains("Address:   /ip4/127.0.0.1/tcp/4003 (tcp)",
                "Address:   /ip4/127.0.0.1/udp/4005/quic-v1 (quic)");
        command.address = "/ip4/127.0.0.1/udp/4005/p2p/" + OTHER;
        assertThatThrownBy(command::execute).hasMessageContaining("no transport of this node can dial")
                .hasMessageContaining("[quic, tcp, websocket]");
        assertThat(selector.openLeases()).isZero();
    }
}
