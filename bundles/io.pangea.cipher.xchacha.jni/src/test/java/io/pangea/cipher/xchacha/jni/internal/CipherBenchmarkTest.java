package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import io.pangea.cipher.aesgcm.internal.JceAesGcm;
import io.pangea.cipher.xchacha.tink.internal.TinkXChaCha20Poly1305;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AEAD throughput on 1 MiB messages: the three cipher providers against {@code openssl speed -evp}, measured in the
 * same run. Reports GB/s and the native provider's ratio to OpenSSL's own ChaCha20-Poly1305 (the goal is at least
 * 1/1.2 of it); never fails on speed. Runs about 40 seconds; only with -Pbenchmark.
 */
@Tag("benchmark")
class CipherBenchmarkTest {
    private static final int MESSAGE = 1 << 20;
    private static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(800);
    private static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);
    private static final Pattern SPEED = Pattern.compile("^(\\S.*?)\\s+([0-9.]+)k\\s*$");

    private final List<String> rows = new ArrayList<>();

    @Test
    void sealAndOpenOneMebibyte() throws Exception {
        Aead nativeAead = NativeXChaCha20Poly1305.load();
        Aead tink = new TinkXChaCha20Poly1305();
        Aead gcm = new JceAesGcm();

        double nativeSealHeap = measureSeal("xchacha20-poly1305-native seal (heap)", nativeAead, false);
        double nativeSealDirect = measureSeal("xchacha20-poly1305-native seal (direct)", nativeAead, true);
        measureOpen("xchacha20-poly1305-native open (heap)", nativeAead, false);
        double nativeOpenDirect = measureOpen("xchacha20-poly1305-native open (direct)", nativeAead, true);
        double tinkSeal = measureSeal("xchacha20-poly1305-java (Tink) seal (heap)", tink, false);
        measureOpen("xchacha20-poly1305-java (Tink) open (heap)", tink, false);
        double gcmSeal = measureSeal("aes-256-gcm (JCE) seal (direct)", gcm, true);
        measureOpen("aes-256-gcm (JCE) open (direct)", gcm, true);
        OptionalDouble opensslChaCha = openssl("chacha20-poly1305");
        OptionalDouble opensslGcm = openssl("aes-256-gcm");

        StringBuilder report = new StringBuilder("\nAEAD throughput, 1 MiB messages (GB/s = 10^9 bytes/s)\n");
        report.append(String.format(Locale.ROOT, "%-45s %8s%n", "", "GB/s"));
        rows.forEach(row -> report.append(row).append('\n'));
        if (opensslChaCha.isPresent()) {
            double reference = opensslChaCha.getAsDouble();
            report.append(String.format(Locale.ROOT, "native seal / openssl chacha20-poly1305: heap %.2f, direct %.2f"
                    + " (goal >= %.2f); native open (direct) / openssl: %.2f%n", nativeSealHeap / reference,
                    nativeSealDirect / reference, 1 / 1.2, nativeOpenDirect / reference));
            report.append(String.format(Locale.ROOT, "Tink seal / openssl chacha20-poly1305: %.2f%n", tinkSeal / reference));
        }
        if (opensslGcm.isPresent()) {
            report.append(String.format(Locale.ROOT, "JCE aes-256-gcm seal / openssl aes-256-gcm: %.2f%n",
                    gcmSeal / opensslGcm.getAsDouble()));
        }
        System.out.println(report);
        Files.writeString(Path.of("target/cipher-benchmark.txt"), report.toString());
    }

    private double measureSeal(String name, Aead aead, boolean direct) {
        byte[] key = random(32, 1);
        byte[] nonce = random(aead.nonceLength(), 2);
        ByteBuffer plaintext = buffer(direct, MESSAGE).put(random(MESSAGE, 3)).flip();
        ByteBuffer ciphertext = buffer(direct, MESSAGE + aead.tagLength());
        return measure(name, counter -> {
            bump(nonce, counter); // a fresh nonce per message, as the node uses them (and as the JCE insists)
            aead.seal(key, nonce, null, plaintext.clear(), ciphertext.clear());
        });
    }

    private double measureOpen(String name, Aead aead, boolean direct) throws AuthenticationException {
        byte[] key = random(32, 1);
        byte[] nonce = random(aead.nonceLength(), 2);
        ByteBuffer plaintext = buffer(direct, MESSAGE).put(random(MESSAGE, 3)).flip();
        ByteBuffer ciphertext = buffer(direct, MESSAGE + aead.tagLength());
        aead.seal(key, nonce, null, plaintext, ciphertext);
        ciphertext.flip();
        return measure(name, counter -> {
            try {
                aead.open(key, nonce, null, ciphertext.rewind(), plaintext.clear());
            } catch (AuthenticationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Operation {
        void run(long counter);
    }

    private double measure(String name, Operation operation) {
        long counter = 0;
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUpEnd) {
            operation.run(counter++);
        }
        long start = System.nanoTime();
        long end = start + MEASURE_NANOS;
        long messages = 0;
        long now;
        do {
            operation.run(counter++);
            messages++;
            now = System.nanoTime();
        } while (now < end);
        double gbPerSecond = (double) messages * MESSAGE / (now - start);
        rows.add(String.format(Locale.ROOT, "%-45s %8.2f", name, gbPerSecond));
        return gbPerSecond;
    }

    /** {@code openssl speed -evp CIPHER -bytes 1048576}, in GB/s; empty when openssl is missing or says nothing. */
    private OptionalDouble openssl(String cipher) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("openssl", "speed", "-evp", cipher, "-bytes", Integer.toString(MESSAGE),
                    "-seconds", "3").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            rows.add(String.format(Locale.ROOT, "%-45s %8s", "openssl " + cipher, "n/a (" + e.getMessage() + ")"));
            return OptionalDouble.empty();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        OptionalDouble result = OptionalDouble.empty();
        for (String line : output.split("\n")) {
            Matcher m = SPEED.matcher(line);
            if (m.matches()) {
                // "The 'numbers' are in 1000s of bytes per second processed."
                result = OptionalDouble.of(Double.parseDouble(m.group(2)) * 1000 / 1e9);
            }
        }
        rows.add(String.format(Locale.ROOT, "%-45s %8s", "openssl speed -evp " + cipher + " (seal)",
                result.isPresent() ? String.format(Locale.ROOT, "%.2f", result.getAsDouble()) : "n/a"));
        return result;
    }

    private static void bump(byte[] nonce, long counter) {
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] = (byte) (counter >>> (8 * i));
        }
    }

    private static ByteBuffer buffer(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
