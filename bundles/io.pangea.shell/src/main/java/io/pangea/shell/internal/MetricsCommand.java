package io.pangea.shell.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.NodeMetrics;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@Service
@Command(scope = "pangea", name = "metrics", description = "Shows the node's metrics as the Prometheus endpoint "
        + "serves them: one row per series, or the exposition text itself with --prometheus.")
public class MetricsCommand implements Action {

    @Reference(optional = true)
    NodeMetrics metrics;

    @Argument(index = 0, name = "filter", description = "Only the metrics whose name contains this text, or matches "
            + "it as a glob when it has * or ? (for example pangea_guard_*)")
    String filter;

    @Option(name = "--prometheus", description = "Print the Prometheus text exposition format (0.0.4) instead of "
            + "a table")
    boolean prometheus;

    /** Where the output goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        if (metrics == null) {
            throw new IllegalStateException("no node metrics are running (is bundle io.pangea.metrics started?)");
        }
        PrintStream target = out != null ? out : System.out;
        Predicate<String> wanted = nameFilter(filter);
        if (prometheus) {
            // Filtered by family on the rendered text, so the output stays exactly what a scraper would get.
            metrics.prometheusText().lines().filter(line -> wanted.test(metricName(line))).forEach(target::println);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Labels");
        table.column("Value").alignRight();
        int rows = 0;
        for (MetricFamily family : metrics.scrape()) {
            if (!wanted.test(family.name())) {
                continue;
            }
            for (MetricFamily.Sample sample : family.samples()) {
                table.addRow().addContent(family.name(), labels(sample.labels()), value(sample.value()));
                rows++;
            }
        }
        if (rows == 0) {
            target.println(filter == null ? "no metrics are reported" : "no metric matches '" + filter + "'");
            return null;
        }
        table.print(target);
        return null;
    }

    /** Substring, or glob when it has wildcards; metric names are lower case by convention, so case is ignored. */
    static Predicate<String> nameFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return name -> true;
        }
        String wanted = filter.trim().toLowerCase(Locale.ROOT);
        if (wanted.indexOf('*') < 0 && wanted.indexOf('?') < 0) {
            return name -> name.toLowerCase(Locale.ROOT).contains(wanted);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : wanted.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        Pattern glob = Pattern.compile(regex.toString());
        return name -> glob.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** The metric a line of the exposition text belongs to: the third word of # HELP/# TYPE, else the first. */
    static String metricName(String line) {
        if (line.startsWith("# ")) {
            String[] words = line.split(" ", 4);
            return words.length > 2 ? words[2] : "";
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(l -> l.getKey() + "=" + l.getValue()).collect(Collectors.joining(", "));
    }

    private static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 9_007_199_254_740_992d) { // exact below 2^53
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
