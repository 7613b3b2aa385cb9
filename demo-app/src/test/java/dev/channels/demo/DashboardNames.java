package dev.channels.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The meter names the Grafana dashboard queries (observability/grafana/dashboards/channels.json), in
 * its panels, variables and annotations: for tests that check an export carries each of them.
 */
final class DashboardNames {
    /** The names of the Kafka row's meters: a demo without a Kafka channel exports none of them. */
    static final String KAFKA_PREFIX = "channel_remote_";

    private static final Pattern METRIC_NAME = Pattern.compile("\\b(channel_[a-z_]+)\\b");
    private static final Path DASHBOARD = Path.of("../observability/grafana/dashboards/channels.json");

    private DashboardNames() {
    }

    /** Every {@code channel_*} name in the dashboard's queries, sorted. */
    static Set<String> queried() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        dashboard.findValues("expr").forEach(expr -> addNames(expr.asString(), queried));
        dashboard.findValues("query").forEach(query ->
                addNames(query.isString() ? query.asString() : query.path("query").asString(""), queried));
        return queried;
    }

    private static void addNames(String query, Set<String> names) {
        Matcher matcher = METRIC_NAME.matcher(query);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }
}
