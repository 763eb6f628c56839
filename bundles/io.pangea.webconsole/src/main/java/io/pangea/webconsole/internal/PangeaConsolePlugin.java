package io.pangea.webconsole.internal;

import io.pangea.api.Capability;
import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Shows the facts and the providers, and sets or clears the operator's override of a capability. */
@Component(service = Servlet.class, property = {
        PangeaConsolePlugin.LABEL_PROPERTY + "=" + PangeaConsolePlugin.LABEL,
        "felix.webconsole.title=Pangea",
        "felix.webconsole.category=Pangea"})
public class PangeaConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String LABEL_PROPERTY = "felix.webconsole.label";
    static final String LABEL = "pangea";
    static final String CAPABILITY_PARAMETER = "capability";
    static final String PROVIDER_PARAMETER = "provider";
    static final String ERROR_PARAMETER = "error";

    private final transient ProviderSelector selector;

    /** Optional: the providers can be shown and selected while the probe is away. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile transient HardwareFacts facts;

    @Activate
    public PangeaConsolePlugin(@Reference(name = "selector") ProviderSelector selector) {
        this.selector = selector;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html; charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<style>"
                + "#pangea .pangea-active{font-weight:bold;color:#fff;background:#2e7d32;padding:1px 6px;border-radius:3px}"
                + "#pangea .pangea-error{border:1px solid #c62828;background:#ffebee;color:#b71c1c;padding:6px 10px;margin:8px 0}"
                + "#pangea tr.pangea-ineligible td{color:#777}"
                + "#pangea form{margin:4px 0 16px 0}"
                + "</style>");
        out.println("<div id=\"pangea\">");
        String error = request.getParameter(ERROR_PARAMETER);
        if (error != null && !error.isBlank()) {
            out.println("<div class=\"pangea-error ui-state-error ui-corner-all\" role=\"alert\"><strong>Error:</strong> "
                    + escape(error) + "</div>");
        }
        renderFacts(out);
        String action = escape(request.getRequestURI());
        for (Capability capability : Capability.values()) {
            renderCapability(out, capability, action);
        }
        out.println("</div>");
    }

    private void renderFacts(PrintWriter out) {
        out.println("<h2>Hardware facts</h2>");
        HardwareFacts current = facts;
        if (current == null) {
            out.println("<p class=\"statline\">No hardware facts are published (is bundle io.pangea.probe started?)</p>");
            return;
        }
        out.println("<table class=\"nicetable\" id=\"pangea-facts\"><thead><tr>"
                + "<th>Fact</th><th>Value</th><th>Masked</th><th>Evidence</th></tr></thead><tbody>");
        for (Fact fact : current.all()) {
            out.println("<tr><td>" + escape(fact.name()) + "</td><td>" + escape(fact.value()) + "</td><td>"
                    + (fact.masked() ? "masked" : "") + "</td><td>" + escape(fact.evidence()) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private void renderCapability(PrintWriter out, Capability capability, String action) {
        String id = escape(capability.id());
        List<ProviderStatus> providers = selector.providers(capability);
        out.println("<h2 id=\"capability-" + id + "\">" + id + "</h2>");
        out.println("<table class=\"nicetable pangea-providers\" data-capability=\"" + id + "\"><thead><tr>"
                + "<th>Provider</th><th>Codec</th><th>Ranking</th><th>Active</th><th>Eligible</th><th>Reasons</th>"
                + "</tr></thead><tbody>");
        if (providers.isEmpty()) {
            out.println("<tr><td colspan=\"6\">no provider installed</td></tr>");
        }
        for (ProviderStatus p : providers) {
            String rowClass = p.active() ? " class=\"pangea-active-row\""
                    : p.eligible() ? "" : " class=\"pangea-ineligible\"";
            out.println("<tr" + rowClass + " data-provider=\"" + escape(p.provider()) + "\">"
                    + "<td>" + escape(p.provider()) + "</td>"
                    + "<td>" + escape(p.codec()) + "</td>"
                    + "<td>" + p.ranking() + "</td>"
                    + "<td>" + (p.active() ? "<strong class=\"pangea-active\">active</strong>" : "") + "</td>"
                    + "<td>" + (p.eligible() ? "yes" : "no") + "</td>"
                    + "<td>" + p.reasons().stream().map(PangeaConsolePlugin::escape).collect(Collectors.joining("<br>"))
                    + "</td></tr>");
        }
        out.println("</tbody></table>");
        String override = selector.override(capability).orElse(null);
        if (override != null) {
            out.println("<p class=\"pangea-override\">override: " + escape(override) + "</p>");
        }
        String selected = override != null ? override : ProviderSelector.AUTO;
        out.println("<form method=\"post\" action=\"" + action + "\">"
                + "<input type=\"hidden\" name=\"" + CAPABILITY_PARAMETER + "\" value=\"" + id + "\">"
                + "<label>Provider of " + id + " <select name=\"" + PROVIDER_PARAMETER + "\">");
        out.println(option(ProviderSelector.AUTO, selected));
        for (ProviderStatus p : providers) {
            out.println(option(p.provider(), selected));
        }
        out.println("</select></label> <button type=\"submit\">Select</button></form>");
    }

    private static String option(String name, String selected) {
        return "<option value=\"" + escape(name) + "\"" + (name.equals(selected) ? " selected" : "") + ">"
                + escape(name) + "</option>";
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sameOrigin(request)) {
            // Karaf's console authenticates with Basic credentials that a browser replays on a cross-site form.
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-origin request refused");
            return;
        }
        String location = request.getRequestURI();
        try {
            Capability capability = Capability.parse(request.getParameter(CAPABILITY_PARAMETER));
            String provider = request.getParameter(PROVIDER_PARAMETER);
            if (provider == null || provider.isBlank()) {
                throw new IllegalArgumentException("no provider given for " + capability.id());
            }
            selector.select(capability, provider);
            location += "#capability-" + capability.id();
        } catch (IllegalArgumentException e) {
            location += "?" + ERROR_PARAMETER + "=" + URLEncoder.encode(String.valueOf(e.getMessage()), StandardCharsets.UTF_8);
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    /** A request without an Origin header (not a browser form, or an old browser) is let through. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
