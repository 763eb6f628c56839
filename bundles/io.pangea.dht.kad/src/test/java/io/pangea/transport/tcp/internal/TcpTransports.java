package io.pangea.transport.tcp.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Test access to the TCP transport's DS component from other modules (same package, test classpath only): starts
 * one on 127.0.0.1 with an ephemeral port, registers whiteboard handlers, stops it.
 */
public final class TcpTransports {
    private TcpTransports() {
    }

    public static Transport start(Path identityFile) throws Exception {
        Map<String, Object> values = Map.of("listenAddress", "/ip4/127.0.0.1/tcp/0",
                "identityFile", identityFile.toString());
        TcpTransportConfiguration configuration = (TcpTransportConfiguration) Proxy.newProxyInstance(
                TcpTransportConfiguration.class.getClassLoader(), new Class<?>[] {TcpTransportConfiguration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return TcpTransportConfiguration.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
        Logger quiet = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
        return new TcpTransportComponent(configuration, quiet);
    }

    public static void serve(Transport transport, String protocol, ProtocolHandler handler) {
        ((TcpTransportComponent) transport).addProtocolHandler(handler, Map.of(ProtocolHandler.PROTOCOL, protocol));
    }

    /** Binds another transport of the node, as DS would: Identify over TCP then announces its addresses too. */
    public static void announceAlso(Transport tcp, Transport other) {
        ((TcpTransportComponent) tcp).addTransport(other);
    }

    /** Unbinds it again, as DS does when that transport goes away. */
    public static void forget(Transport tcp, Transport other) {
        ((TcpTransportComponent) tcp).removeTransport(other);
    }

    public static void stop(Transport transport) {
        ((TcpTransportComponent) transport).deactivate();
    }

    /** Leases of one transport, for code that leases the active transport from the selector in a node. */
    public static Supplier<Lease<Transport>> leases(Transport transport) {
        return () -> new Lease<>() {
            @Override
            public Transport provider() {
                return transport;
            }

            @Override
            public String name() {
                return "tcp";
            }

            @Override
            public String codec() {
                return "libp2p-tcp";
            }

            @Override
            public void close() {
            }
        };
    }
}
