package io.pangea.guard.xdp.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.ProviderProperties;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.Guard;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider as DS activates it: registered with its properties, or unavailable with the reason, never thrown. */
class XdpGuardProviderTest {
    private static final Map<String, Object> COMPONENT_PROPERTIES = Map.of(
            ProviderProperties.CAPABILITY, "guard", ProviderProperties.PROVIDER, "xdp",
            ProviderProperties.CODEC, "guard-v1", ProviderProperties.REQUIRES, "bpf.rights",
            "service.ranking", 100, "component.name", XdpGuardProvider.PID);
    private static VethPair veth;

    @BeforeAll
    static void createPair() {
        KernelTests.assume();
        veth = VethPair.create();
    }

    @AfterAll
    static void deletePair() {
        if (veth != null) {
            veth.close();
        }
    }

    private static XdpGuardProvider activate(FakeContext fake, Map<String, Object> configuration) {
        return new XdpGuardProvider(fake.context(),
                FakeContext.configuration(XdpGuardConfiguration.class, configuration), COMPONENT_PROPERTIES, null);
    }

    @Test
    void registersAnAttachedGuardAndDetachesOnDeactivation() {
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
            assertThat(Bpf.xdpAttachment(veth.nodeIndex())).as("auto on veth is native")
                    .hasValueSatisfying(a -> assertThat(a.mode()).isEqualTo(XdpMode.NATIVE));
            Guard guard = (Guard) fake.service;
            guard.apply(Rules.denyList(7000).deny("198.51.100.66").build());
            assertThat(guard.counters()).isEqualTo(new GuardCounters(0, 0, 0, 0));
        } finally {
            provider.deactivate();
        }
        assertThat(fake.unregistered).isTrue();
        assertThat(Bpf.xdpAttachment(veth.nodeIndex())).isEmpty();
    }

    @Test
    void attachesInTheConfiguredMode() {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}, "mode", "generic"));
        try {
            assertThat(Bpf.xdpAttachment(veth.nodeIndex()))
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
                    .isEqualTo("interface 'pgk-no-such' does not exist here");
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
    void anUnknownModeMakesItUnavailable() {
        FakeContext fake = new FakeContext();
        XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}, "mode", "turbo"));
        try {
            assertThat(fake.properties.get(ProviderProperties.UNAVAILABLE))
                    .isEqualTo("mode 'turbo' is not one of generic, native, auto");
            assertThat(Bpf.xdpAttachment(veth.nodeIndex())).isEmpty();
        } finally {
            provider.deactivate();
        }
    }

    @Test
    void anOccupiedInterfaceMakesItUnavailableAndTouchesNothing() throws Exception {
        try (GuardProgram other = GuardProgram.load(GuardProgram.Settings.DEFAULT);
             XdpLink occupant = other.attach(veth.nodeIndex(), XdpMode.NATIVE)) {
            int occupantId = Bpf.xdpAttachment(veth.nodeIndex()).orElseThrow().programId();
            FakeContext fake = new FakeContext();
            XdpGuardProvider provider = activate(fake, Map.of("interfaces", new String[]{veth.node()}));
            try {
                assertThat((String) fake.properties.get(ProviderProperties.UNAVAILABLE))
                        .startsWith("could not attach the guard to " + veth.node() + " (native: ")
                        .contains("generic: ");
                assertThat(Bpf.xdpAttachment(veth.nodeIndex()).orElseThrow().programId()).isEqualTo(occupantId);
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
    void interfacesMayBeOneCommaSeparatedValue() {
        assertThat(GuardInterfaces.resolve(new String[]{" lo, " + veth.node(), veth.node()}))
                .extracting(GuardInterfaces.Interface::name).containsExactly("lo", veth.node());
    }

    @Test
    void modesParse() {
        assertThat(AttachMode.parse(" Native ")).isEqualTo(AttachMode.NATIVE);
        assertThat(AttachMode.parse("auto").attempts()).containsExactly(XdpMode.NATIVE, XdpMode.GENERIC);
        assertThatThrownBy(() -> AttachMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
