package io.pangea.transport.quic.internal;

import org.osgi.service.log.Logger;

/** Where the QUIC transport tells what happened; a function so that tests can record it and handlers need no logger. */
@FunctionalInterface
interface QuicLog {
    enum Level { DEBUG, INFO, WARN }

    void log(Level level, String message);

    default void debug(String message) {
        log(Level.DEBUG, message);
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    default void warn(String message) {
        log(Level.WARN, message);
    }

    static QuicLog to(Logger logger) {
        return (level, message) -> {
            switch (level) {
                case DEBUG -> logger.debug(message);
                case INFO -> logger.info(message);
                case WARN -> logger.warn(message);
            }
        };
    }
}
