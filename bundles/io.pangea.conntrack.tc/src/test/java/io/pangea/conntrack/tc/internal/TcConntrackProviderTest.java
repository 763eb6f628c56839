package io.pangea.conntrack.tc.internal;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the provider does before any kernel is involved: its reasons for being unavailable, its address cache. */
class TcConntrackProviderTest {

    static TcConntrackConfiguration configuration(String[] interfaces, int maxConnections, long idle, int[] ports) {
        return new TcConntrackConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TcConntrackConfiguration.class;
            }

            @Override
            public String[] interfaces() {
                return interfaces;
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public long idleTimeoutSeconds() {
                return idle;
            }

            @Override
            public int[] ports() {
                return ports;
            }
        };
    }

    @Test
    void aMissingInterfaceOrABadSettingIsAReasonNotAnException() {
        assertThat(TcConntrackProvider.start(configuration(new String[]{"pgk-none0"}, 1024, 60, new int[0]))
                .unavailable()).hasValueSatisfying(reason -> assertThat(reason).satisfiesAnyOf(
                        r -> assertThat(r).contains("interface 'pgk-none0' does not exist here"),
                        r -> assertThat(r).contains("binding"))); // no binding here: that is the reason instead
        assertThat(TcConntrackProvider.start(configuration(new String[0], 0, 60, new int[0])).unavailable())
                .isPresent();
        assertThat(TcConntrackProvider.start(configuration(new String[0], 1024, 0, new int[0])).unavailable())
                .isPresent();
        int[] tooMany = new int[ConntrackProgram.MAX_PORTS + 1];
        for (int i = 0; i < tooMany.length; i++) {
            tooMany[i] = 1000 + i;
        }
        assertThat(TcConntrackProvider.start(configuration(new String[0], 1024, 60, tooMany)).unavailable())
                .isPresent();
    }

    @Test
    void addressesAreReadOnceInAWhile() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Supplier<Set<InetAddress>> cached = TcConntrackProvider.cached(() -> {
            reads.incrementAndGet();
            return Set.of(InetAddress.getLoopbackAddress());
        });
        assertThat(cached.get()).containsExactly(InetAddress.getLoopbackAddress());
        cached.get();
        assertThat(reads).hasValue(1);
    }

    @Test
    void interfaceListsAcceptCommasAndSpaces() throws Exception {
        assertThat(ConntrackInterfaces.resolve(new String[]{"lo, lo"})).singleElement()
                .satisfies(i -> assertThat(i.loopback()).isTrue())
                .satisfies(i -> assertThat(i.hooks()).hasSize(1));
    }
}
