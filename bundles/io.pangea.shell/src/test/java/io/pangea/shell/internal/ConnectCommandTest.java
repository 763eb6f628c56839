package io.pangea.shell.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectCommandTest {
    private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String ADDRESS = "/ip4/127.0.0.1/tcp/4001/p2p/" + PEER;

    private final Output output = new Output();
    private final List<String> dialed = new ArrayList<>();
    private CompletionStage<PeerConnection> answer;

    private final Transport transport = new Transport() {
        @Override
        public List<String> listenAddresses() {
            return List.of();
        }

        @Override
        public boolean supports(String multiaddr) {
            return true;
        }

        @Override
        public List<PeerConnection> connections() {
            return List.of();
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            dialed.add(multiaddr);
            return answer;
        }
    };

    private static PeerConnection connection(List<String> protocols, Optional<String> agent) {
        return new PeerConnection() {
            @Override
            public String remotePeer() {
                return PEER;
            }

            @Override
            public String remoteAddress() {
                return "/ip4/127.0.0.1/tcp/4001";
            }

            @Override
            public CompletionStage<PeerStream> openStream(String protocol) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }

            @Override
            public List<String> remoteProtocols() {
                return protocols;
            }

            @Override
            public Optional<String> remoteAgent() {
                return agent;
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

    private ConnectCommand command(String address) {
        ConnectCommand command = new ConnectCommand();
        command.selector = new LeasingSelector().offer(Transport.class, transport, "tcp", "libp2p-tcp");
        command.address = address;
        command.out = output.stream;
        return command;
    }

    @Test
    void printsWhoAnswered() throws Exception {
        answer = CompletableFuture.completedFuture(connection(List.of("/ipfs/id/1.0.0", "/ipfs/kad/1.0.0"),
                Optional.of("pangea/0.1.0")));
        command(" " + ADDRESS + " ").execute();
        assertThat(dialed).containsExactly(ADDRESS);
        assertThat(output.lines()).containsExactly(
                "Connected: " + PEER,
                "Address:   /ip4/127.0.0.1/tcp/4001 (tcp)",
                "Agent:     pangea/0.1.0",
                "Protocols: /ipfs/id/1.0.0, /ipfs/kad/1.0.0");
    }

    @Test
    void saysWhatIsUnknown() throws Exception {
        answer = CompletableFuture.completedFuture(connection(List.of(), Optional.empty()));
        command(ADDRESS).execute();
        assertThat(output.lines()).contains("Agent:     (unknown)", "Protocols: (unknown)");
    }

    @Test
    void rejectsABadMultiaddrWithoutDialing() {
        assertThatThrownBy(() -> command("not-an-address").execute())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a multiaddr: 'not-an-address'");
        assertThat(dialed).isEmpty();
    }

    @Test
    void reportsAFailedDial() {
        answer = CompletableFuture.failedFuture(new IOException("connection refused"));
        assertThatThrownBy(() -> command(ADDRESS).execute())
                .hasMessageContaining("dialing " + ADDRESS + " over tcp failed: connection refused");
    }
}
