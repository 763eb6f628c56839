package io.pangea.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Captures what a command prints and splits ShellTable rows into trimmed cells. */
final class Output {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return text().lines().toList();
    }

    /** The cells of every table line (header and rows; the underline and plain lines are left out). */
    List<List<String>> rows() {
        return lines().stream()
                .filter(line -> line.contains("|"))
                .map(line -> Arrays.stream(line.split("\\|", -1)).map(String::trim).toList())
                .toList();
    }
}
