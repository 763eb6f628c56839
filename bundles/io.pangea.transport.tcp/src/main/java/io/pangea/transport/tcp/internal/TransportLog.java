package io.pangea.transport.tcp.internal;

import org.osgi.service.log.Logger;

/**
 * Where the transport reports what happened: the OSGi log in the framework, a recording log in tests. A small
 * interface so that handlers deep in a pipeline log without a logging library.
 */
interface TransportLog {
    void debug(String message);

    void info(String message);

    void warn(String message);

    static TransportLog of(Logger logger) {
        return new TransportLog() {
            @Override
            public void debug(String message) {
                logger.debug(message);
            }

            @Override
            public void info(String message) {
                logger.info(message);
            }

            @Override
            public void warn(String message) {
                logger.warn(message);
            }
        };
    }

    /** Logs through {@link System.Logger}, for use outside a framework. */
    static TransportLog system(String name) {
        System.Logger logger = System.getLogger(name);
        return new TransportLog() {
            @Override
            public void debug(String message) {
                logger.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void info(String message) {
                logger.log(System.Logger.Level.INFO, message);
            }

            @Override
            public void warn(String message) {
                logger.log(System.Logger.Level.WARNING, message);
            }
        };
    }
}
