package io.pangea.cipher.xchacha.jni.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * libsodium's XChaCha20-Poly1305, an implementation independent of both OpenSSL and Tink: src/test/c/sodium_reference.c
 * compiled with gcc against libsodium-dev and driven over a pipe.
 */
final class SodiumReference implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    private SodiumReference(Process process) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Compiles and starts the reference, or says why it cannot (no gcc, no libsodium-dev). */
    static SodiumReference start() throws IOException, InterruptedException {
        Path source = Path.of("src/test/c/sodium_reference.c").toAbsolutePath();
        Path binary = Path.of("target/sodium-reference").toAbsolutePath();
        Path log = Path.of("target/sodium-reference.log").toAbsolutePath();
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lsodium")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("could not build the libsodium reference (gcc and libsodium-dev installed?): "
                    + Files.readString(log));
        }
        return new SodiumReference(new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] message) throws IOException {
        return ask("seal " + hex(key) + " " + hex(nonce) + " " + hex(aad) + " " + hex(message));
    }

    byte[] hChaCha20(byte[] key, byte[] nonce16) throws IOException {
        return ask("hchacha20 " + hex(key) + " " + hex(nonce16));
    }

    private byte[] ask(String request) throws IOException {
        requests.write(request);
        requests.write('\n');
        requests.flush();
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException("the libsodium reference stopped");
        }
        return answer.equals("-") ? new byte[0] : HEX.parseHex(answer);
    }

    private static String hex(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? "-" : HEX.formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        requests.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
