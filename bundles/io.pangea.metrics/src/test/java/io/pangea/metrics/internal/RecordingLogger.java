package io.pangea.metrics.internal;

import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An OSGi Logger that keeps "level: message {args}" lines, with the arguments filled in as the log service does. */
final class RecordingLogger {
    final List<String> lines = new ArrayList<>();
    final List<Throwable> exceptions = new ArrayList<>();

    Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Logger.class},
                (self, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is")) {
                        return true;
                    }
                    switch (name) {
                        case "getName", "toString" -> {
                            return "test";
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(self);
                        }
                        case "equals" -> {
                            return self == args[0];
                        }
                        default -> {
                        }
                    }
                    Object[] rest = args.length == 2 && args[1] instanceof Object[] array ? array
                            : Arrays.copyOfRange(args, 1, args.length);
                    String message = (String) args[0];
                    for (Object arg : rest) {
                        if (arg instanceof Throwable t) {
                            exceptions.add(t);
                        } else {
                            message = message.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(
                                    String.valueOf(arg)));
                        }
                    }
                    synchronized (lines) {
                        lines.add(name + ": " + message);
                    }
                    return null;
                });
    }
}
