package io.pangea.p2p.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtoTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ProtoReader reader(String hex) {
        return new ProtoReader(HEX.parseHex(hex));
    }

    /** The examples of the protobuf encoding guide: field 1 = 150, field 2 = "testing". */
    @Test
    void protobufGuideExamples() {
        assertThat(HEX.formatHex(new ProtoWriter().writeVarint(1, 150).toByteArray())).isEqualTo("089601");
        assertThat(HEX.formatHex(new ProtoWriter().writeString(2, "testing").toByteArray()))
                .isEqualTo("120774657374696e67");
        ProtoReader r = reader("089601120774657374696e67");
        assertThat(r.next()).isTrue();
        assertThat(r.field()).isEqualTo(1);
        assertThat(r.wireType()).isEqualTo(ProtoReader.VARINT);
        assertThat(r.readUInt32()).isEqualTo(150);
        assertThat(r.next()).isTrue();
        assertThat(r.readString()).isEqualTo("testing");
        assertThat(r.next()).isFalse();
        assertThat(r.atEnd()).isTrue();
    }

    @Test
    void libp2pPublicKeyLayout() {
        byte[] key = HEX.parseHex("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        byte[] encoded = new ProtoWriter().writeInt32(1, 1).writeBytes(2, key).toByteArray();
        assertThat(HEX.formatHex(encoded))
                .isEqualTo("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    }

    @Test
    void everyFieldTypeRoundTrips() {
        ProtoWriter inner = new ProtoWriter().writeBytes(1, new byte[] {1, 2, 3}).writeBool(2, true);
        byte[] message = new ProtoWriter()
                .writeVarint(1, Long.MAX_VALUE)
                .writeVarint(2, -1L)
                .writeInt32(3, -2)
                .writeInt32(4, Integer.MAX_VALUE)
                .writeFixed32(5, 0xCAFEBABE)
                .writeFixed64(6, 0x0123456789ABCDEFL)
                .writeMessage(7, inner)
                .writeString(8, "π ≈ 3.14")
                .writeBool(9, false)
                .writeVarint(ProtoReader.MAX_FIELD_NUMBER, 7)
                .toByteArray();
        ProtoReader r = new ProtoReader(message);
        r.next();
        assertThat(r.readVarint()).isEqualTo(Long.MAX_VALUE);
        r.next();
        assertThat(r.readVarint()).isEqualTo(-1L);
        r.next();
        assertThat(r.readInt32()).isEqualTo(-2);
        r.next();
        assertThat(r.readEnum()).isEqualTo(Integer.MAX_VALUE);
        r.next();
        assertThat(r.readFixed32()).isEqualTo(0xCAFEBABE);
        r.next();
        assertThat(r.readFixed64()).isEqualTo(0x0123456789ABCDEFL);
        r.next();
        ProtoReader in = r.readMessage();
        in.next();
        assertThat(in.readBytes()).containsExactly(1, 2, 3);
        in.next();
        assertThat(in.readBool()).isTrue();
        assertThat(in.next()).isFalse();
        r.next();
        assertThat(r.readString()).isEqualTo("π ≈ 3.14");
        r.next();
        assertThat(r.readBool()).isFalse();
        r.next();
        assertThat(r.field()).isEqualTo(ProtoReader.MAX_FIELD_NUMBER);
        assertThat(r.readVarint()).isEqualTo(7);
        assertThat(r.next()).isFalse();
    }

    @Test
    void unreadFieldsAreSkippedByNext() {
        byte[] message = new ProtoWriter().writeVarint(1, 300).writeFixed64(2, 1).writeFixed32(3, 2)
                .writeBytes(4, new byte[100]).writeString(5, "kept").toByteArray();
        ProtoReader r = new ProtoReader(message);
        List<Integer> seen = new ArrayList<>();
        String kept = null;
        while (r.next()) {
            seen.add(r.field());
            if (r.field() == 5) {
                kept = r.readString();
            }
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(kept).isEqualTo("kept");
    }

    @Test
    void randomMessagesRoundTrip() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            ProtoWriter w = new ProtoWriter();
            List<Object> values = new ArrayList<>();
            int fields = random.nextInt(12);
            for (int f = 1; f <= fields; f++) {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        long v = random.nextLong();
                        w.writeVarint(f, v);
                        values.add(v);
                    }
                    case 1 -> {
                        byte[] b = new byte[random.nextInt(300)];
                        random.nextBytes(b);
                        w.writeBytes(f, b);
                        values.add(b);
                    }
                    case 2 -> {
                        int v = random.nextInt();
                        w.writeFixed32(f, v);
                        values.add(v);
                    }
                    default -> {
                        long v = random.nextLong();
                        w.writeFixed64(f, v);
                        values.add(new long[] {v});
                    }
                }
            }
            ProtoReader r = new ProtoReader(w.toByteArray());
            for (Object expected : values) {
                assertThat(r.next()).isTrue();
                if (expected instanceof Long v) {
                    assertThat(r.readVarint()).isEqualTo(v);
                } else if (expected instanceof byte[] b) {
                    assertThat(r.readBytes()).isEqualTo(b);
                } else if (expected instanceof Integer v) {
                    assertThat(r.readFixed32()).isEqualTo(v);
                } else {
                    assertThat(r.readFixed64()).isEqualTo(((long[]) expected)[0]);
                }
            }
            assertThat(r.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0001",             // field number 0
            "0b",               // field 1, wire type 3 (start group)
            "0c",               // field 1, wire type 4 (end group)
            "0e00",             // field 1, wire type 6
    })
    void invalidTagsAreRejected(String hex) {
        assertThatThrownBy(() -> reader(hex).next()).isInstanceOf(WireFormatException.class);
    }

    @Test
    void truncatedValuesAreRejected() {
        assertThatThrownBy(() -> next(reader("08")).readVarint()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> next(reader("0896")).readVarint()).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(reader("0d010203")).readFixed32()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> next(reader("0901020304050607")).readFixed64())
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(reader("0a05010203")).readBytes()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("length 5 exceeds the 3 byte(s) left");
        assertThatThrownBy(() -> reader("80").next()).isInstanceOf(WireFormatException.class);
    }

    @Test
    void lengthClaiming2Pow31AllocatesNothing() {
        byte[] message = HEX.parseHex("0a8080808008" + "00".repeat(16));
        long allocated = Allocations.measure(() -> assertThatThrownBy(() -> next(new ProtoReader(message)).readBytes())
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("length 2147483648 exceeds"));
        assertThat(allocated).isLessThan(1 << 20);
        assertThatThrownBy(() -> next(reader("0affffffffffffffffff01")).readBytes())
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
    }

    @Test
    void nonMinimalAndOversizedVarintsAreRejected() {
        assertThatThrownBy(() -> next(reader("088100")).readVarint()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("minimally");
        assertThatThrownBy(() -> next(reader("08ffffffffffffffffff02")).readVarint())
                .isInstanceOf(WireFormatException.class).hasMessageContaining("64 bits");
        assertThatThrownBy(() -> next(reader("08ffffffffffffffffffff01")).readVarint())
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void typedAccessorsCheckRangeAndWireType() {
        byte[] big = new ProtoWriter().writeVarint(1, 1L << 33).toByteArray();
        assertThatThrownBy(() -> next(new ProtoReader(big)).readUInt32()).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(new ProtoReader(big)).readInt32()).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(reader("0802")).readBool()).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(reader("0801")).readBytes()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("wire type 0, expected 2");
        assertThatThrownBy(() -> next(reader("0a0101")).readVarint()).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> next(reader("0a02c328")).readString()).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("invalid UTF-8");
        assertThatThrownBy(() -> next(reader("0a03010203")).readBytes(2)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceed the limit of 2");
    }

    @Test
    void readingWithoutACurrentFieldIsAProgrammingError() {
        ProtoReader r = reader("0801");
        assertThatThrownBy(r::readVarint).isInstanceOf(IllegalStateException.class);
        r.next();
        r.readVarint();
        assertThatThrownBy(r::readVarint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomGarbageOnlyEverThrowsWireFormatException() {
        Random random = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            ProtoReader r = new ProtoReader(garbage);
            try {
                while (r.next()) {
                    switch (r.wireType()) {
                        case ProtoReader.VARINT -> r.readVarint();
                        case ProtoReader.FIXED32 -> r.readFixed32();
                        case ProtoReader.FIXED64 -> r.readFixed64();
                        default -> r.readMessage();
                    }
                }
            } catch (WireFormatException expected) {
                // the only failure allowed
            }
        }
    }

    private static ProtoReader next(ProtoReader r) {
        assertThat(r.next()).isTrue();
        return r;
    }
}
