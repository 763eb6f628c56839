package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricType;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The endpoint over real HTTP, in the Jetty 9.4 that Karaf 4.4.10's Pax Web runs. Registration through the HTTP
 * Whiteboard itself is left to the distribution test.
 */
class MetricsServletTest {
    private final NodeMetricsComponent metrics = new NodeMetricsComponent(new RecordingLogger().logger());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;
    private URI endpoint;

    static MetricsServlet.Config config(String pattern) {
        return new MetricsServlet.Config() {
            @Override
            public String osgi_http_whiteboard_servlet_pattern() {
                return pattern;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MetricsServlet.Config.class;
            }
        };
    }

    @BeforeEach
    void startServer() throws Exception {
        metrics.addSource(() -> List.of(new MetricFamily("pangea_provider_active", "active", MetricType.GAUGE,
                List.of(new Sample(Map.of("capability", "compression", "provider", "zstd"), 1)))),
                Map.of("service.id", 1L));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new MetricsServlet(metrics, config("/metrics"))), "/metrics");
        server.setHandler(context);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/metrics");
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeInTheTextFormat() throws Exception {
        HttpResponse<String> response = send("GET");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.body()).isEqualTo("""
                # HELP pangea_provider_active active
                # TYPE pangea_provider_active gauge
                pangea_provider_active{capability="compression",provider="zstd"} 1
                """);
    }

    @Test
    void eachRequestIsAFreshScrape() throws Exception {
        metrics.addSource(() -> List.of(MetricFamily.of("pangea_late", "h", MetricType.GAUGE, 2)),
                Map.of("service.id", 2L));

        assertThat(send("GET").body()).contains("\npangea_late 2\n");
    }

    @Test
    void answersOtherMethodsWith405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = send(method);

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET");
            assertThat(response.body()).doesNotContain("pangea_provider_active");
        }
    }

    @Test
    void refusesAPatternThatIsNotAPath() {
        assertThatThrownBy(() -> new MetricsServlet(metrics, config("metrics")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("etc/io.pangea.metrics.cfg must start with '/'");
    }
}
