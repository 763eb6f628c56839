package io.pangea.p2p.host;

import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pieces both transports share: whiteboard registration and the checks before a dial. */
class HostHelpersTest {
    private final ProtocolHandler handler = (connection, stream) -> { };

    @Test
    void theProtocolPropertyIsOneIdAnArrayOrACollection() {
        assertThat(ProtocolRegistry.protocols(Map.of(ProtocolHandler.PROTOCOL, "/a/1"))).containsExactly("/a/1");
        assertThat(ProtocolRegistry.protocols(Map.of(ProtocolHandler.PROTOCOL, new String[]{"/a/1", "/b/1"})))
                .containsExactly("/a/1", "/b/1");
        assertThat(ProtocolRegistry.protocols(Map.of(ProtocolHandler.PROTOCOL, List.of("/c/1"))))
                .containsExactly("/c/1");
        assertThat(ProtocolRegistry.protocols(Map.of())).isEmpty();
    }

    @Test
    void aHandlerIsRegisteredForEachProtocolAndWhatCannotBeIsReported() {
        ProtocolRegistry registry = new ProtocolRegistry();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> properties = Map.of(ProtocolHandler.PROTOCOL, List.of("/a/1", "ls"));
        registry.register(handler, properties, warnings::add);
        assertThat(registry.protocols()).containsExactly("/a/1");
        assertThat(warnings).singleElement().asString().contains("for ls");
        registry.register(handler, Map.of(), warnings::add);
        assertThat(warnings).last().asString().contains("it has no " + ProtocolHandler.PROTOCOL + " property");
        registry.unregister(handler, properties);
        assertThat(registry.protocols()).isEmpty();
    }

    @Test
    void aDialNamesThePeerToProveAndNeverThisNode() {
        PeerId self = NodeIdentity.generate().peerId();
        PeerId other = NodeIdentity.generate().peerId();
        Multiaddr bare = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        assertThat(Dialing.expectedPeer(bare, self)).isEmpty();
        assertThat(Dialing.expectedPeer(bare.withPeer(other), self)).contains(other);
        assertThatThrownBy(() -> Dialing.expectedPeer(bare.withPeer(self), self))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot dial this node itself");
    }
}
