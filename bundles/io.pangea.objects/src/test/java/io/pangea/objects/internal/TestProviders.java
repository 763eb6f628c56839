package io.pangea.objects.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.compression.Compressor;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.cipher.aesgcm.internal.JceAesGcm;
import io.pangea.cipher.xchacha.tink.internal.TinkXChaCha20Poly1305;
import io.pangea.compression.none.internal.PassThroughCompressor;
import io.pangea.erasure.java.internal.JavaReedSolomonCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The real providers, constructed directly. The native ones live in package-private classes whose JNI libraries
 * ship inside their bundle jars: the library is copied out of the jar and loaded before the class is made.
 */
final class TestProviders {
    private static final Set<String> LOADED = new HashSet<>();

    private TestProviders() {
    }

    static Compressor zstd() {
        return construct("io.pangea.compression.zstd.internal.ZstdCompressor", new Class<?>[0]);
    }

    static Compressor none() {
        return new PassThroughCompressor();
    }

    static Aead xchachaNative() {
        loadNative("libpangea_xchacha.so");
        return construct("io.pangea.cipher.xchacha.jni.internal.NativeXChaCha20Poly1305",
                new Class<?>[] {String.class}, (Object) null);
    }

    static Aead xchachaTink() {
        return new TinkXChaCha20Poly1305();
    }

    static Aead aesGcm() {
        return new JceAesGcm();
    }

    static ErasureCoder isal() {
        loadNative("libpangea-isal.so");
        return construct("io.pangea.erasure.isal.internal.IsalErasureCoder", new Class<?>[0]);
    }

    static ErasureCoder javaReedSolomon() {
        return new JavaReedSolomonCoder();
    }

    /** A selector with every provider registered, the native ones active. */
    static TestSelector all(Path storageRoot) {
        return new TestSelector()
                .register("zstd", zstd()).register("none", none())
                .register("xchacha20-poly1305-native", xchachaNative()).register("xchacha20-poly1305-java", xchachaTink())
                .register("aes-256-gcm", aesGcm())
                .register("isal", isal()).register("java", javaReedSolomon())
                .register("test-files", new TestStorageEngine());
    }

    @SuppressWarnings("unchecked")
    private static <T> T construct(String className, Class<?>[] types, Object... arguments) {
        try {
            Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return (T) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + className + ": " + e, e);
        }
    }

    private static synchronized void loadNative(String library) {
        if (LOADED.contains(library)) {
            return;
        }
        String resource = "native/linux-x86_64/" + library;
        try (InputStream in = TestProviders.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path: build the provider bundle "
                        + "first (mvn -o install -f bundles/<provider>/pom.xml)");
            }
            Path file = Files.createTempFile("pangea-test-", "-" + library);
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            LOADED.add(library);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
