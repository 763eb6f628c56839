package io.pangea.p2p.wire;

import io.pangea.p2p.wire.MultistreamSelect.State;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultistreamSelectTest {
    private static final HexFormat HEX = HexFormat.of();
    /** "/multistream/1.0.0\n" with its length prefix 0x13 (19 bytes). */
    private static final String HEADER_HEX = "13" + HEX.formatHex("/multistream/1.0.0\n".getBytes(StandardCharsets.UTF_8));
    private static final String NA_HEX = "036e610a";

    private static String messageHex(String message) {
        return HEX.formatHex(MultistreamSelect.encodeMessage(message));
    }

    @Test
    void messageEncodingMatchesTheSpecification() {
        assertThat(messageHex("na")).isEqualTo(NA_HEX);
        assertThat(messageHex("ls")).isEqualTo("036c730a");
        assertThat(messageHex(MultistreamSelect.PROTOCOL_ID)).isEqualTo(HEADER_HEX);
    }

    @Test
    void initiatorPipelinesHeaderAndFirstProposal() {
        MultistreamSelect initiator = MultistreamSelect.initiator(List.of("/noise", "/tls/1.0.0"));
        assertThat(HEX.formatHex(initiator.takeOutbound())).isEqualTo(HEADER_HEX + messageHex("/noise"));
        assertThat(initiator.hasOutbound()).isFalse();
    }

    @Test
    void initiatorAgainstHandMadeResponderBytes() {
        MultistreamSelect initiator = MultistreamSelect.initiator(List.of("/tls/1.0.0", "/noise"));
        initiator.takeOutbound();
        initiator.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + NA_HEX)));
        assertThat(initiator.state()).isEqualTo(State.NEGOTIATING);
        assertThat(HEX.formatHex(initiator.takeOutbound())).isEqualTo(messageHex("/noise"));
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(messageHex("/noise") + "cafe"));
        initiator.receive(in);
        assertThat(initiator.state()).isEqualTo(State.SELECTED);
        assertThat(initiator.selected()).contains("/noise");
        assertThat(HEX.formatHex(in.array(), in.position(), in.limit())).isEqualTo("cafe");
    }

    @Test
    void responderAgainstHandMadePipelinedInitiatorBytes() {
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/yamux/1.0.0"));
        assertThat(HEX.formatHex(responder.takeOutbound())).isEqualTo(HEADER_HEX);
        // js-libp2p's lazy select: header, proposal and the first application bytes in one write.
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + messageHex("/yamux/1.0.0") + "000102"));
        responder.receive(in);
        assertThat(responder.state()).isEqualTo(State.SELECTED);
        assertThat(HEX.formatHex(responder.takeOutbound())).isEqualTo(messageHex("/yamux/1.0.0"));
        assertThat(in.remaining()).isEqualTo(3);
        responder.receive(in);
        assertThat(in.remaining()).as("nothing consumed after selection").isEqualTo(3);
    }

    @Test
    void responderAnswersNaThenAcceptsASecondProposal() {
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/noise"));
        responder.takeOutbound();
        responder.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + messageHex("/tls/1.0.0"))));
        assertThat(HEX.formatHex(responder.takeOutbound())).isEqualTo(NA_HEX);
        assertThat(responder.state()).isEqualTo(State.NEGOTIATING);
        responder.receive(ByteBuffer.wrap(HEX.parseHex(messageHex("/noise"))));
        assertThat(responder.selected()).contains("/noise");
    }

    @Test
    void twoInstancesNegotiateThroughBuffersInEveryChunking() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<String> proposals = List.of("/a/1", "/b/1", "/c/1", "/d/1");
            String supported = proposals.get(random.nextInt(proposals.size()));
            MultistreamSelect initiator = MultistreamSelect.initiator(proposals);
            MultistreamSelect responder = MultistreamSelect.responder(Set.of(supported, "/z/9"));
            runToCompletion(initiator, responder, random);
            assertThat(initiator.selected()).contains(supported);
            assertThat(responder.selected()).contains(supported);
        }
    }

    @Test
    void noCommonProtocolFailsTheInitiatorCleanly() {
        MultistreamSelect initiator = MultistreamSelect.initiator(List.of("/a/1", "/b/1"));
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/c/1"));
        runToCompletion(initiator, responder, new Random(1));
        assertThat(initiator.state()).isEqualTo(State.FAILED);
        assertThat(initiator.failureReason()).hasValueSatisfying(r -> assertThat(r).contains("/a/1", "/b/1"));
        assertThat(responder.state()).isEqualTo(State.NEGOTIATING);
    }

    @Test
    void responderListsItsProtocols() {
        MultistreamSelect responder = MultistreamSelect.responder(List.of("/a/1", "/b/2"));
        responder.takeOutbound();
        responder.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + "036c730a")));
        byte[] answer = responder.takeOutbound();
        String body = messageHex("/a/1") + messageHex("/b/2") + "0a";
        assertThat(HEX.formatHex(answer)).isEqualTo(HEX.formatHex(Varint.encode(body.length() / 2)) + body);
        assertThat(responder.state()).isEqualTo(State.NEGOTIATING);
    }

    @Test
    void responderGivesUpAfterTooManyProposals() {
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/x"));
        StringBuilder hex = new StringBuilder(HEADER_HEX);
        for (int i = 0; i < MultistreamSelect.MAX_REJECTED_PROPOSALS + 5; i++) {
            hex.append(messageHex("/nope/" + i));
        }
        responder.receive(ByteBuffer.wrap(HEX.parseHex(hex)));
        assertThat(responder.state()).isEqualTo(State.FAILED);
    }

    @Test
    void wrongHeaderIsRejected() {
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/x"));
        assertThatThrownBy(() -> responder.receive(ByteBuffer.wrap(HEX.parseHex(messageHex("/multistream/2.0.0")))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("expected the header");
        assertThat(responder.state()).isEqualTo(State.FAILED);
        responder.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX)));
        assertThat(responder.state()).as("terminal").isEqualTo(State.FAILED);
    }

    @Test
    void malformedMessagesAreRejected() {
        assertRejected("026e61", "newline");                        // "na" without newline
        assertRejected("010a", "empty message");                    // "\n"
        assertRejected("00", "newline");                            // zero-length message
        assertRejected("04c3280a0a", "invalid UTF-8");              // bad UTF-8
        assertRejected("052f610a620a", "more than one line");       // "/a\nb\n"
        assertRejected("8108", "exceeds the limit of 1024");        // 1025-byte length
        assertRejected("8080808008", "exceeds the limit");          // 2^31
        assertRejected("8000", "minimally");
    }

    @Test
    void initiatorRejectsAnUnexpectedAnswer() {
        MultistreamSelect initiator = MultistreamSelect.initiator(List.of("/a/1"));
        assertThatThrownBy(() -> initiator.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + messageHex("/b/1")))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("proposed /a/1");
        assertThat(initiator.state()).isEqualTo(State.FAILED);
    }

    @Test
    void invalidProtocolIdsCannotBeProposedOrSupported() {
        assertThatThrownBy(() -> MultistreamSelect.initiator(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultistreamSelect.initiator(List.of("a\nb"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultistreamSelect.initiator(List.of("na"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultistreamSelect.responder(Set.of("/" + "x".repeat(1023))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responderWithMatchFunction() {
        MultistreamSelect responder = MultistreamSelect.responder(p -> p.startsWith("/pangea/store/1."), List.of());
        responder.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + messageHex("/pangea/store/1.2.0"))));
        assertThat(responder.selected()).contains("/pangea/store/1.2.0");
    }

    private static void assertRejected(String afterHeaderHex, String message) {
        MultistreamSelect responder = MultistreamSelect.responder(Set.of("/x"));
        assertThatThrownBy(() -> responder.receive(ByteBuffer.wrap(HEX.parseHex(HEADER_HEX + afterHeaderHex))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining(message);
        assertThat(responder.state()).isEqualTo(State.FAILED);
    }

    /** Shuttles bytes both ways in random-sized pieces until neither side has anything left to say. */
    private static void runToCompletion(MultistreamSelect a, MultistreamSelect b, Random random) {
        ByteArrayOutputStream toB = new ByteArrayOutputStream();
        ByteArrayOutputStream toA = new ByteArrayOutputStream();
        for (int step = 0; step < 1000; step++) {
            toB.writeBytes(a.takeOutbound());
            toA.writeBytes(b.takeOutbound());
            boolean progressed = deliver(toB, b, random) | deliver(toA, a, random);
            if (!progressed && !a.hasOutbound() && !b.hasOutbound()) {
                return;
            }
        }
        throw new AssertionError("negotiation did not settle");
    }

    private static boolean deliver(ByteArrayOutputStream pending, MultistreamSelect to, Random random) {
        byte[] bytes = pending.toByteArray();
        if (bytes.length == 0 || to.state() != State.NEGOTIATING) {
            return false;
        }
        int piece = 1 + random.nextInt(bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, piece);
        to.receive(in);
        pending.reset();
        pending.write(bytes, in.position(), bytes.length - in.position());
        return true;
    }
}
