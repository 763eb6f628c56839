package io.pangea.webconsole.internal;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Minimal request and response: the methods the plugin calls, recorded; any other call fails the test. */
final class Http {

    static final class Request {
        final String method;
        final Map<String, String> parameters = new HashMap<>();
        final Map<String, String> headers = new HashMap<>();

        Request(String method) {
            this.method = method;
        }

        Request parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{HttpServletRequest.class}, (self, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getRequestURI" -> "/system/console/pangea";
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getHeader" -> headers.get((String) args[0]);
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static final class Response {
        final StringWriter body = new StringWriter();
        final Map<String, String> headers = new HashMap<>();
        int status = 200;
        String contentType;

        HttpServletResponse proxy() {
            PrintWriter writer = new PrintWriter(body, true);
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{HttpServletResponse.class}, (self, m, args) -> {
                        switch (m.getName()) {
                            case "getWriter" -> {
                                return writer;
                            }
                            case "setContentType" -> contentType = (String) args[0];
                            case "setStatus", "sendError" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }

    private Http() {
    }
}
