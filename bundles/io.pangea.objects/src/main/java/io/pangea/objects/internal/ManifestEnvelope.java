package io.pangea.objects.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sealed files of a manifest, its root ({@code manifest}) and its pages ({@code page-<n>}):
 * <pre>
 * "PGMF" (root) or "PGMP" (page) magic, u16 format version (1)
 * 32 bytes storage index, i32 page number (-1 for the root)
 * cipher codec id (u8 length + UTF-8), nonce (u8 length + bytes), i32 sealed length
 * sealed body: the AEAD of the body under the manifest key, with everything above and the file id as
 * associated data
 * </pre>
 * The cipher is named in the clear so that a reader leases a provider of that codec before it can open the body;
 * binding the clear fields and the file id means that neither can be swapped unnoticed.
 */
final class ManifestEnvelope {
    static final int ROOT_MAGIC = 0x50474d46;
    static final int PAGE_MAGIC = 0x50474d50;
    static final int VERSION = 1;
    static final int ROOT = -1;

    private ManifestEnvelope() {
    }

    /** The clear part of an envelope, and the sealed body still closed. */
    record Parsed(int page, String cipher, byte[] nonce, ByteBuffer sealed, byte[] associatedData) {
    }

    static byte[] seal(int page, byte[] body, ObjectKeys keys, Aead aead) {
        byte[] nonce = ObjectKeys.random(aead.nonceLength());
        int sealedLength = body.length + aead.tagLength();
        byte[] header = new Wire.Writer(96).i32(page == ROOT ? ROOT_MAGIC : PAGE_MAGIC).u16(VERSION)
                .bytes(keys.storageIndex()).i32(page).text8(aead.codec()).bytes8(nonce).i32(sealedLength)
                .toByteArray();
        byte[] key = keys.manifestKey(aead.codec(), aead.keyLength());
        ByteBuffer file = ByteBuffer.allocate(header.length + sealedLength).put(header);
        try {
            aead.seal(key, nonce, ByteBuffer.wrap(associatedData(header, keys)), ByteBuffer.wrap(body), file);
        } finally {
            ObjectKeys.wipe(key);
        }
        return file.array();
    }

    static Parsed parse(ByteBuffer file, int expectedPage, byte[] storageIndex) throws Wire.FormatException {
        String what = expectedPage == ROOT ? "manifest" : "manifest page " + expectedPage;
        Wire.Reader in = new Wire.Reader(file, what);
        int magic = in.i32("magic");
        if (magic != (expectedPage == ROOT ? ROOT_MAGIC : PAGE_MAGIC)) {
            throw new Wire.FormatException(what + " is not a Pangea manifest " + (expectedPage == ROOT ? "" : "page ")
                    + "(magic " + String.format("%08x", magic) + ")");
        }
        int version = in.u16("format version");
        if (version != VERSION) {
            throw new Wire.FormatException(what + " has format version " + version + ", this node reads " + VERSION);
        }
        byte[] index = in.bytes(32, "storage index");
        if (!Arrays.equals(index, storageIndex)) {
            throw new Wire.FormatException(what + " belongs to another object (its storage index differs)");
        }
        int page = in.i32("page number");
        if (page != expectedPage) {
            throw new Wire.FormatException(what + " says it is page " + page);
        }
        String cipher = in.text8("cipher codec");
        byte[] nonce = in.bytes8("nonce");
        int sealedLength = in.count("sealed length");
        int headerLength = in.position();
        ByteBuffer sealed = in.slice(sealedLength, "sealed body");
        if (in.remaining() != 0) {
            throw new Wire.FormatException(what + " has " + in.remaining() + " bytes after its sealed body");
        }
        byte[] header = new byte[headerLength];
        file.duplicate().get(header);
        return new Parsed(page, cipher, nonce, sealed, header);
    }

    static ByteBuffer open(Parsed parsed, ObjectKeys keys, Aead aead) throws AuthenticationException {
        byte[] key = keys.manifestKey(aead.codec(), aead.keyLength());
        try {
            int length = parsed.sealed().remaining() - aead.tagLength();
            if (length < 0) {
                throw new AuthenticationException("sealed body shorter than the tag");
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            aead.open(key, parsed.nonce(), ByteBuffer.wrap(associatedData(parsed.associatedData(), keys)),
                    parsed.sealed().duplicate(), body);
            return body.flip();
        } finally {
            ObjectKeys.wipe(key);
        }
    }

    private static byte[] associatedData(byte[] header, ObjectKeys keys) {
        byte[] fileId = keys.fileId();
        byte[] data = Arrays.copyOf(header, header.length + fileId.length);
        System.arraycopy(fileId, 0, data, header.length, fileId.length);
        return data;
    }
}
