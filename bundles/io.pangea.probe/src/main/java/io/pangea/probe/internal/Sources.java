package io.pangea.probe.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the small text files of /proc and /sys, and describing why one could not be read. */
final class Sources {
    private Sources() {
    }

    static String read(Path file) throws IOException {
        // ISO-8859-1 never fails on odd bytes; everything the probe parses is ASCII.
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** "unreadable (NoSuchFileException: /proc/cpuinfo)" — short, and names the file. */
    static String unreadable(Exception e) {
        return "unreadable (" + describe(e) + ")";
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
