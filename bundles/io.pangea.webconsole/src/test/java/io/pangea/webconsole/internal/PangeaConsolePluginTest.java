package io.pangea.webconsole.internal;

import io.pangea.api.testing.Fakes;
import io.pangea.api.Capability;
import io.pangea.api.facts.Fact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static io.pangea.api.testing.Fakes.provider;
import static org.assertj.core.api.Assertions.assertThat;

class PangeaConsolePluginTest {
    private final Fakes.Selector selector = new Fakes.Selector();
    private final PangeaConsolePlugin plugin = new PangeaConsolePlugin(selector);

    @BeforeEach
    void setUp() {
        selector.with(
                provider(Capability.COMPRESSION, "zstd", 100, true),
                provider(Capability.COMPRESSION, "none", 0, false),
                provider(Capability.CIPHER, "xchacha20-native", 300, false, "requires cpu.avx2 <b>& more</b>"),
                provider(Capability.CIPHER, "aes-gcm", 100, true));
        plugin.facts = Fakes.facts(Fact.of("cpu.avx2", true, "/proc/cpuinfo"),
                new Fact("udp.usable", "false", "etc/io.pangea.probe.cfg <script>alert(1)</script>", true));
    }

    private String get(Http.Request request) throws IOException {
        Http.Response response = new Http.Response();
        plugin.doGet(request.proxy(), response.proxy());
        assertThat(response.status).isEqualTo(200);
        return response.body.toString();
    }

    private Http.Response post(Http.Request request) throws IOException {
        Http.Response response = new Http.Response();
        plugin.doPost(request.proxy(), response.proxy());
        return response;
    }

    @Test
    void showsFactsProvidersAndTheActiveMarker() throws IOException {
        String html = get(new Http.Request("GET"));

        assertThat(html).contains("<td>cpu.avx2</td><td>true</td><td></td><td>/proc/cpuinfo</td>");
        assertThat(html).contains("<td>udp.usable</td><td>false</td><td>masked</td>");
        assertThat(html).containsPattern("data-provider=\"zstd\">.*<strong class=\"pangea-active\">active</strong>");
        assertThat(html).containsPattern("data-provider=\"aes-gcm\">.*<strong class=\"pangea-active\">active</strong>");
        assertThat(html).doesNotContainPattern("data-provider=\"none\">.*pangea-active\"");
        assertThat(html).containsPattern("data-provider=\"xchacha20-native\">.*<td>no</td>");
        assertThat(html).contains("<tr><td colspan=\"6\">no provider installed</td></tr>");
        assertThat(html).doesNotContain("role=\"alert\"");
    }

    @Test
    void offersAFormPerCapabilityWithAutoAndTheProviders() throws IOException {
        selector.select(Capability.COMPRESSION, "none");
        String html = get(new Http.Request("GET"));

        assertThat(html.split("<form method=\"post\" action=\"/system/console/pangea\">", -1))
                .hasSize(Capability.values().length + 1);
        assertThat(html).contains("<input type=\"hidden\" name=\"capability\" value=\"compression\">");
        assertThat(html).contains("<option value=\"none\" selected>none</option>");
        assertThat(html).contains("<option value=\"zstd\">zstd</option>");
        assertThat(html).contains("<option value=\"auto\" selected>auto</option>");
        assertThat(html).contains("<button type=\"submit\">Select</button>");
        assertThat(html).contains("<p class=\"pangea-override\">override: none</p>");
    }

    @Test
    void escapesWhatComesFromFactsAndProviders() throws IOException {
        String html = get(new Http.Request("GET"));

        assertThat(html).doesNotContain("<script>").doesNotContain("<b>");
        assertThat(html).contains("etc/io.pangea.probe.cfg &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("requires cpu.avx2 &lt;b&gt;&amp; more&lt;/b&gt;");
    }

    @Test
    void postSelectsAndRedirectsBack() throws IOException {
        Http.Response response = post(new Http.Request("POST")
                .parameter("capability", "compression").parameter("provider", "none"));

        assertThat(response.status).isEqualTo(303);
        assertThat(response.headers.get("Location")).isEqualTo("/system/console/pangea#capability-compression");
        assertThat(selector.override(Capability.COMPRESSION)).contains("none");
        assertThat(selector.active(Capability.COMPRESSION)).hasValueSatisfying(s -> assertThat(s.provider()).isEqualTo("none"));
    }

    @Test
    void postAutoClearsTheOverride() throws IOException {
        selector.select(Capability.COMPRESSION, "none");
        Http.Response response = post(new Http.Request("POST")
                .parameter("capability", "compression").parameter("provider", "auto"));

        assertThat(response.status).isEqualTo(303);
        assertThat(selector.override(Capability.COMPRESSION)).isEmpty();
    }

    @Test
    void rejectedSelectionIsShownOnThePage() throws IOException {
        Http.Response response = post(new Http.Request("POST")
                .parameter("capability", "cipher").parameter("provider", "xchacha20-native"));

        assertThat(response.status).isEqualTo(303);
        String location = response.headers.get("Location");
        assertThat(location).startsWith("/system/console/pangea?error=");
        String error = URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(error).isEqualTo("xchacha20-native is not eligible: [requires cpu.avx2 <b>& more</b>]");
        assertThat(selector.override(Capability.CIPHER)).isEmpty();

        String html = get(new Http.Request("GET").parameter("error", error));
        assertThat(html).contains("<div class=\"pangea-error ui-state-error ui-corner-all\" role=\"alert\">"
                + "<strong>Error:</strong> xchacha20-native is not eligible: [requires cpu.avx2 &lt;b&gt;&amp; more&lt;/b&gt;]</div>");
    }

    @Test
    void unknownCapabilityIsAnErrorNotAFailure() throws IOException {
        Http.Response response = post(new Http.Request("POST")
                .parameter("capability", "teleport").parameter("provider", "auto"));

        assertThat(response.status).isEqualTo(303);
        assertThat(URLDecoder.decode(response.headers.get("Location"), StandardCharsets.UTF_8))
                .endsWith("?error=unknown capability 'teleport'; known: "
                        + "compression, cipher, erasure, storage, transport, dht, guard, conntrack");
    }

    @Test
    void crossOriginPostIsRefused() throws IOException {
        Http.Response response = post(new Http.Request("POST")
                .header("Host", "node.example:8181").header("Origin", "https://evil.example")
                .parameter("capability", "compression").parameter("provider", "none"));

        assertThat(response.status).isEqualTo(403);
        assertThat(selector.override(Capability.COMPRESSION)).isEmpty();

        Http.Response sameOrigin = post(new Http.Request("POST")
                .header("Host", "node.example:8181").header("Origin", "http://node.example:8181")
                .parameter("capability", "compression").parameter("provider", "none"));
        assertThat(sameOrigin.status).isEqualTo(303);
    }

    @Test
    void pageWorksWithoutTheProbe() throws IOException {
        plugin.facts = null;

        assertThat(get(new Http.Request("GET"))).contains("No hardware facts are published");
    }
}
