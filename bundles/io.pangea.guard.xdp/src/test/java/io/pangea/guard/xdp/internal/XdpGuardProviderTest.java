package io.pangea.guard.xdp.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.ProviderProperties;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.Guard;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.XdpAttachment;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provider as DS activates it: registered with its properties, or unavailable with the reason, never thrown.
 * The guard goes on the node end of a pair between two namespaces of the test's own (configuration
 * {@code namespace}): no interface of the JVM's namespace is ever touched.
 */
class XdpGuardProviderTest {
    private static final Map<String, Object> COMPONENT_PROPERTIES = Map.of(
            ProviderProperties.CAPABILITY, "guard", ProviderProperties.PROVIDER, "xdp",
            ProviderProperties.CODEC, "guard-v1", ProviderProperties.REQUIRES, "bpf.rights",
            "service.ranking", 100, "component.name", XdpGuardProvider.PID);
    private static VethPair veth;

    @BeforeAll
    static void createPair() {
        KernelTests.assume();
        veth = VethPair.isolated();
    }

    @AfterAll
    static void deletePair() {
        if (veth != null) {
            veth.close();
        }
    }

    /** Activates the provider on the node's namespace; {@code configuration} names the rest. */
    private static XdpGuardProvider activate(FakeContext fake, Map<String, Object> configuration) {
        Map<String, Object> values = new HashMap<>(configuration);
        values.putIfAbsent("namespace", nodeNamespace());
        return new XdpGuardProvider(fake.context(),
                FakeContext.configuration(XdpGuardConfiguration.class, values), COMPONENT_PROPERTIES, null);
    }

    private static String nodeNamespace() {
        return veth.nodeNamespace().orElseThrow();
    }

    /** What is attached to the node end, asked inside its namespace. */
    private static Optional<XdpAttachment> attachment() throws Exception {
        int ifindex = veth.nodeIndex();
        return NetworkNamespace.run(nodeNamespace(), () -> Bpf.xdpAttachment(ifindex));
    }

    @Test
    void registersAnAttachedGuardAndDetachesOnDeactivation() throws Exception {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}));
        try {
            assertThat(fake.properties).containsEntry(ProviderProperties.CAPABILITY, "guard")
                    .containsEntry(ProviderProperties.PROVIDER, "xdp")
                    .containsEntry(ProviderProperties.CODEC, "guard-v1")
                    .containsEntry(ProviderProperties.REQUIRES, "bpf.rights")
                    .containsEntry("service.ranking", 100)
                    .doesNotContainKey(ProviderProperties.UNAVAILABLE)
                    .doesNotContainKey("component.name");
            assertThat(fake.service).isInstanceOf(XdpGuard.class);
            assertThat(attachment()).as("auto on veth is native")
                    .hasValueSatisfying(a -> assertThat(a.mode()).isEqualTo(XdpMode.NATIVE));
            Guard guard = (Guard) fake.service;
            guard.apply(Rules.denyList(7000).deny("198.51.100.66").build());
            assertThat(guard.counters()).isEqualTo(new GuardCounters(0, 0, 0, 0));
        } finally {
            provider.deactivate();
        }
        assertThat(fake.unregistered).isTrue();
        assertThat(attachment()).isEmpty();
    }

    @Test
    void attachesInTheConfiguredMode() throws Exception {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}, "mode", "generic"));
        try {
            assertThat(attachment())
                    .hasValueSatisfying(a -> assertThat(a.mode()).isEqualTo(XdpMode.GENERIC));
        } finally {
            provider.deactivate();
        }
    }

    @Test
    void aMissingInterfaceMakesItUnavailable() {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{"pgk-no-such"}));
        try {
            assertThat(fake.properties.get(ProviderProperties.UNAVAILABLE))
                    .isEqualTo("interface 'pgk-no-such' does not exist in namespace " + nodeNamespace());
            Guard guard = (Guard) fake.service;
            assertThat(guard.counters()).isEqualTo(new GuardCounters(0, 0, 0, 0));
            assertThatThrownBy(() -> guard.apply(Rules.denyList(7000).build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("pgk-no-such");
        } finally {
            provider.deactivate();
        }
        assertThat(fake.unregistered).isTrue();
    }

    @Test
    void anUnknownModeMakesItUnavailable() throws Exception {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}, "mode", "turbo"));
        try {
            assertThat(fake.properties.get(ProviderProperties.UNAVAILABLE))
                    .isEqualTo("mode 'turbo' is not one of generic, native, auto");
            assertThat(attachment()).isEmpty();
        } finally {
            provider.deactivate();
        }
    }

    @Test
    void aMissingNamespaceMakesItUnavailable() {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()},
                "namespace", "pgk-no-such-namespace"));
        try {
            assertThat((String) fake.properties.get(ProviderProperties.UNAVAILABLE)).contains("pgk-no-such-namespace");
        } finally {
            provider.deactivate();
        }
    }

    @Test
    void anOccupiedInterfaceMakesItUnavailableAndTouchesNothing() throws Exception {
        int ifindex = veth.nodeIndex();
        try (GuardProgram other = GuardProgram.load(GuardProgram.Settings.DEFAULT);
             XdpLink occupant = NetworkNamespace.run(nodeNamespace(), () -> other.attach(ifindex, XdpMode.NATIVE))) {
            int occupantId = attachment().orElseThrow().programId();
            FakeContext fake = new FakeContext();
            XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}));
            try {
                assertThat((String) fake.properties.get(ProviderProperties.UNAVAILABLE))
                        .startsWith("could not attach the guard to " + veth.node() + " (native: ")
                        .contains("generic: ");
                assertThat(attachment().orElseThrow().programId()).isEqualTo(occupantId);
            } finally {
                provider.deactivate();
            }
            assertThat(occupant.closed()).isFalse();
        }
    }

    @Test
    void theDefaultInterfacesAreThoseOfTheDefaultRoutes() {
        assertThat(GuardInterfaces.defaultRouteInterfaces()).doesNotContain("lo")
                .allSatisfy(name -> assertThat(GuardInterfaces.resolve(new String[]{name})).hasSize(1));
    }

    @Test
    void interfacesMayBeOneCommaSeparatedValue() throws Exception {
        int ifindex = veth.nodeIndex();
        assertThat(NetworkNamespace.run(nodeNamespace(), () -> GuardInterfaces.resolveInThreadNamespace(
                new String[]{" lo, " + veth.node(), veth.node()}, nodeNamespace())))
                .containsExactly(new GuardInterfaces.Interface("lo", 1), new GuardInterfaces.Interface(veth.node(), ifindex));
    }

    @Test
    void theJvmsOwnInterfacesResolveAsBefore() {
        assertThat(GuardInterfaces.resolve(new String[]{"lo"})).containsExactly(new GuardInterfaces.Interface("lo", 1));
        assertThatThrownBy(() -> GuardInterfaces.resolve(new String[]{veth.node()}))
                .as("the node end is not in the JVM's namespace").hasMessageContaining("does not exist here");
    }

    @Test
    void aNamespaceWithoutDefaultRouteNeedsInterfacesNamed() throws Exception {
        assertThat(NetworkNamespace.run(nodeNamespace(), () -> {
            try {
                GuardInterfaces.resolveInThreadNamespace(new String[0], nodeNamespace());
                return "resolved";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        })).startsWith("no interface to guard: there is no default route in namespace " + nodeNamespace());
    }

    @Test
    void modesParse() {
        assertThat(AttachMode.parse(" Native ")).isEqualTo(AttachMode.NATIVE);
        assertThat(AttachMode.parse("auto").attempts()).containsExactly(XdpMode.NATIVE, XdpMode.GENERIC);
        assertThatThrownBy(() -> AttachMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
