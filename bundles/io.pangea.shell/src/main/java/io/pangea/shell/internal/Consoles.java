package io.pangea.shell.internal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

import java.nio.file.Path;
import java.nio.file.Paths;

/** What the file commands need of the session: where relative paths start, and whether a line may be rewritten. */
final class Consoles {
    private Consoles() {
    }

    /** The path, relative to the session's current directory (Karaf's {@code cd}) when it is not absolute. */
    static Path resolve(Session session, String path) {
        Path given = Paths.get(path);
        if (given.isAbsolute() || session == null || session.currentDir() == null) {
            return given.toAbsolutePath();
        }
        return session.currentDir().resolve(given).normalize();
    }

    /** An interactive terminal that understands carriage returns and ANSI erase. */
    static boolean interactive(Session session) {
        Terminal terminal = session == null ? null : session.getTerminal();
        return terminal != null && terminal.isAnsiSupported() && !"dumb".equals(terminal.getType());
    }
}
