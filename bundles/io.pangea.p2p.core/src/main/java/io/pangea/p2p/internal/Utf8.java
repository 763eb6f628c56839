package io.pangea.p2p.internal;

import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed or unmappable bytes are a {@link WireFormatException}, never U+FFFD. */
public final class Utf8 {
    private Utf8() {
    }

    public static String decode(byte[] bytes, int offset, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(what + ": invalid UTF-8", e);
        }
    }
}
