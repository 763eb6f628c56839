package io.pangea.p2p.wire;

import io.pangea.p2p.internal.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * multistream-select 1.0 as a state machine without I/O: the caller feeds received bytes to
 * {@link #receive(ByteBuffer)}, sends what {@link #takeOutbound()} returns, and watches {@link #state()}.
 *
 * <p>Every message is a varint-length-prefixed UTF-8 line ending in {@code '\n'} (the length counts the newline).
 * Both roles send the header {@value #PROTOCOL_ID} first. The initiator pipelines its header and first proposal
 * in one write, as go- and js-libp2p do, and moves to the next proposal on {@code na}; the responder echoes a
 * supported proposal, answers {@code na} otherwise, and answers {@code ls} with its protocol list.
 *
 * <p>Negotiation ends in {@link State#SELECTED} (the agreed protocol owns the stream from the next byte on) or
 * {@link State#FAILED} (no common protocol, or a malformed or unexpected message). {@code receive} never consumes a
 * byte past the message that ends the negotiation: data a peer pipelined after its proposal (js-libp2p's lazy select)
 * stays in the buffer for the selected protocol. Malformed input throws {@link WireFormatException} after moving to
 * {@code FAILED}; the stream must then be closed. Messages are limited to {@value #MAX_MESSAGE_LENGTH} bytes.
 *
 * <p>Not thread-safe: one instance per stream negotiation, driven from the stream's event loop.
 */
public final class MultistreamSelect {
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The responder's answer to a proposal it does not support. */
    public static final String NOT_AVAILABLE = "na";
    /** A request for the responder's protocol list. */
    public static final String LIST = "ls";
    /** The longest message accepted, length prefix excluded, newline included. */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** A responder fails the negotiation after this many unsupported proposals. */
    public static final int MAX_REJECTED_PROPOSALS = 64;

    public enum Role { INITIATOR, RESPONDER }

    public enum State { NEGOTIATING, SELECTED, FAILED }

    private final Role role;
    private final List<String> proposals;
    private final Predicate<String> supports;
    private final List<String> listed;
    private final LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(MAX_MESSAGE_LENGTH);
    private final ByteArrayOutputStream outbound = new ByteArrayOutputStream();
    private boolean headerReceived;
    private int proposal;
    private int rejected;
    private State state = State.NEGOTIATING;
    private String selected;
    private String failure;

    private MultistreamSelect(Role role, List<String> proposals, Predicate<String> supports, List<String> listed) {
        this.role = role;
        this.proposals = proposals;
        this.supports = supports;
        this.listed = listed;
        queue(PROTOCOL_ID);
        if (role == Role.INITIATOR) {
            queue(proposals.get(0));
        }
    }

    /**
     * The dialling side, proposing {@code proposals} in order of preference.
     *
     * @throws IllegalArgumentException if the list is empty or a protocol id cannot be sent
     */
    public static MultistreamSelect initiator(List<String> proposals) {
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("nothing to propose");
        }
        List<String> copy = List.copyOf(proposals);
        copy.forEach(MultistreamSelect::checkProtocolId);
        return new MultistreamSelect(Role.INITIATOR, copy, null, List.of());
    }

    /** The listening side, accepting exactly the {@code supported} protocol ids (also its {@code ls} answer). */
    public static MultistreamSelect responder(Collection<String> supported) {
        List<String> copy = List.copyOf(supported);
        copy.forEach(MultistreamSelect::checkProtocolId);
        return new MultistreamSelect(Role.RESPONDER, List.of(), copy::contains, copy);
    }

    /**
     * The listening side with a match function (for example, accepting several versions of a protocol);
     * {@code listed} is its {@code ls} answer.
     */
    public static MultistreamSelect responder(Predicate<String> supports, Collection<String> listed) {
        List<String> copy = List.copyOf(listed);
        copy.forEach(MultistreamSelect::checkProtocolId);
        return new MultistreamSelect(Role.RESPONDER, List.of(), Objects.requireNonNull(supports), copy);
    }

    /** {@code message} as multistream-select sends it: varint length, UTF-8, newline. */
    public static byte[] encodeMessage(String message) {
        byte[] line = (message + "\n").getBytes(StandardCharsets.UTF_8);
        return LengthPrefixedFrameReader.encodeFrame(line);
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    /** The agreed protocol once {@link State#SELECTED}. */
    public Optional<String> selected() {
        return Optional.ofNullable(selected);
    }

    /** Why the negotiation {@link State#FAILED}. */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failure);
    }

    /** Whether there are bytes to send. */
    public boolean hasOutbound() {
        return outbound.size() > 0;
    }

    /** The bytes to send now (possibly none), which are then no longer held here. */
    public byte[] takeOutbound() {
        byte[] out = outbound.toByteArray();
        outbound.reset();
        return out;
    }

    /**
     * Consumes received bytes while negotiating; does nothing once negotiation has ended, leaving the rest of
     * {@code in} to the selected protocol.
     *
     * @throws WireFormatException for a malformed or unexpected message (the state is then {@code FAILED})
     */
    public void receive(ByteBuffer in) {
        while (state == State.NEGOTIATING) {
            Optional<byte[]> frame;
            try {
                frame = reader.next(in);
            } catch (WireFormatException e) {
                throw fail("multistream-select: " + e.getMessage(), e);
            }
            if (frame.isEmpty()) {
                return;
            }
            handle(decodeMessage(frame.get()));
        }
    }

    private void handle(String message) {
        if (!headerReceived) {
            if (!message.equals(PROTOCOL_ID)) {
                throw fail("multistream-select: expected the header " + PROTOCOL_ID + ", received \""
                        + abbreviate(message) + "\"", null);
            }
            headerReceived = true;
            return;
        }
        if (role == Role.INITIATOR) {
            String proposed = proposals.get(proposal);
            if (message.equals(proposed)) {
                selected = proposed;
                state = State.SELECTED;
            } else if (message.equals(NOT_AVAILABLE)) {
                if (++proposal < proposals.size()) {
                    queue(proposals.get(proposal));
                } else {
                    failure = "the peer supports none of " + proposals;
                    state = State.FAILED;
                }
            } else {
                throw fail("multistream-select: proposed " + proposed + ", received \"" + abbreviate(message)
                        + "\"", null);
            }
        } else if (message.equals(LIST)) {
            queueList();
        } else if (!message.equals(NOT_AVAILABLE) && !message.equals(PROTOCOL_ID) && supports.test(message)) {
            queue(message);
            selected = message;
            state = State.SELECTED;
        } else {
            queue(NOT_AVAILABLE);
            if (++rejected >= MAX_REJECTED_PROPOSALS) {
                failure = "the peer proposed " + rejected + " unsupported protocols";
                state = State.FAILED;
            }
        }
    }

    private String decodeMessage(byte[] frame) {
        if (frame.length == 0 || frame[frame.length - 1] != '\n') {
            throw fail("multistream-select: message does not end with a newline", null);
        }
        if (frame.length == 1) {
            throw fail("multistream-select: empty message", null);
        }
        String message;
        try {
            message = Utf8.decode(frame, 0, frame.length - 1, "multistream-select message");
        } catch (WireFormatException e) {
            throw fail(e.getMessage(), e);
        }
        if (message.indexOf('\n') >= 0) {
            throw fail("multistream-select: message contains more than one line", null);
        }
        return message;
    }

    /** The {@code ls} answer: one message holding each protocol as its own length-prefixed line, then a newline. */
    private void queueList() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String p : listed) {
            body.writeBytes(encodeMessage(p));
        }
        body.write('\n');
        outbound.writeBytes(LengthPrefixedFrameReader.encodeFrame(body.toByteArray()));
    }

    private void queue(String message) {
        outbound.writeBytes(encodeMessage(message));
    }

    private WireFormatException fail(String reason, Throwable cause) {
        failure = reason;
        state = State.FAILED;
        return cause == null ? new WireFormatException(reason) : new WireFormatException(reason, cause);
    }

    private static void checkProtocolId(String id) {
        if (id.isEmpty() || id.indexOf('\n') >= 0 || id.equals(NOT_AVAILABLE) || id.equals(LIST)
                || id.equals(PROTOCOL_ID)) {
            throw new IllegalArgumentException("not a protocol id: \"" + id + "\"");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length + 1 > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("protocol id longer than " + (MAX_MESSAGE_LENGTH - 1) + " bytes");
        }
    }

    private static String abbreviate(String message) {
        return message.length() > 64 ? message.substring(0, 61) + "..." : message;
    }

    @Override
    public String toString() {
        return "MultistreamSelect[" + role + ", " + state + (selected != null ? ", " + selected : "") + "]";
    }
}
