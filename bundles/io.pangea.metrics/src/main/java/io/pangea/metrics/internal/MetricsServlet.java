package io.pangea.metrics.internal;

import io.pangea.api.metrics.NodeMetrics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Prometheus scrape endpoint. Registered as a plain servlet service through the OSGi HTTP Whiteboard, which
 * Karaf 4.4's Pax Web 8 implements ({@code http-whiteboard} feature), so no Pax Web API is compiled in; the
 * configuration's pattern is published as the service property the whiteboard reads, hence moving the endpoint
 * is a configuration change.
 */
@Component(name = MetricsServlet.PID, service = Servlet.class, property = {
        MetricsServlet.PATTERN_PROPERTY + "=" + MetricsServlet.DEFAULT_PATH,
        MetricsServlet.NAME_PROPERTY + "=pangea-metrics"})
@Designate(ocd = MetricsServlet.Config.class)
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PID = "io.pangea.metrics";
    static final String DEFAULT_PATH = "/metrics";
    /** OSGi Compendium HTTP Whiteboard 1.1, section 140.4. */
    static final String PATTERN_PROPERTY = "osgi.http.whiteboard.servlet.pattern";
    static final String NAME_PROPERTY = "osgi.http.whiteboard.servlet.name";

    @ObjectClassDefinition(name = "Pangea metrics endpoint",
            description = "Where Karaf's HTTP service serves the node's metrics in the Prometheus text format")
    @interface Config {
        @AttributeDefinition(name = "Path", description = "Servlet pattern of the endpoint on Karaf's HTTP port "
                + "(org.ops4j.pax.web, 8181 by default), for example /metrics")
        String osgi_http_whiteboard_servlet_pattern() default DEFAULT_PATH;
    }

    private final transient NodeMetrics metrics;

    @Activate
    public MetricsServlet(@Reference(name = "metrics") NodeMetrics metrics, Config config) {
        String pattern = config.osgi_http_whiteboard_servlet_pattern();
        // The whiteboard would only mark a bad pattern as failed in its DTOs; failing here puts it in Karaf's log.
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException(PATTERN_PROPERTY + " in etc/" + PID + ".cfg must start with '/': "
                    + pattern);
        }
        this.metrics = metrics;
    }

    /** Only GET: a scrape changes nothing, and anything else reaching this path is a mistake worth saying so. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "the metrics endpoint answers GET only");
            return;
        }
        doGet(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = metrics.prometheusText().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store"); // every scrape must reach the node, never a cache
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
