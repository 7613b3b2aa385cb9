package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a liveness or readiness probe sees of the demo: {@code /actuator/health} answers 200 to every
 * probe while its report channels close and fail and bursts fill {@code orders}, as they do with the
 * defaults (here quickened); with {@code channels.health.down-when: [failed]} a failed report channel
 * turns it DOWN. Probes run back to back until each event has been seen by one of them; the time
 * limit only bounds a hang.
 */
class HealthProbeTests {
    private static final Duration HANG = Duration.ofSeconds(60);
    private static final String[] QUICK = { "--server.port=0", "--server.address=127.0.0.1",
            "--management.endpoint.health.show-details=always",
            "--demo.load.burst-every=1s", "--demo.load.burst-size=500",
            "--demo.reports.period=300ms", "--demo.reports.linger=300ms", "--demo.reports.fail-every=2",
            "--logging.level.dev.channels=warn", "--logging.level.dev.channels.spring.listener.ChannelListenerContainer=off" };

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyProbeIsAnsweredWith200WhileReportChannelsCloseAndFailAndOrdersFills() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class).run(QUICK)) {
            URI health = healthUri(context);
            List<String> seen = new ArrayList<>();
            int probes = 0;
            long deadline = System.nanoTime() + HANG.toNanos();
            while (!seen.containsAll(List.of("reports closed", "reports failed", "orders full"))) {
                if (System.nanoTime() > deadline) {
                    fail("after " + probes + " probes, all answered 200, the probes saw only " + seen);
                }
                HttpResponse<String> response = probe(health);
                probes++;
                assertThat(response.statusCode()).as("probe %d: %s", probes, response.body()).isEqualTo(200);
                assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
                Map<String, Object> channels = JsonPath.read(response.body(), "$.components.channels.components");
                note(seen, "reports closed", channels, "reports", details -> "closed".equals(details.get("state")));
                note(seen, "reports failed", channels, "reports", details -> "failed".equals(details.get("state")));
                note(seen, "orders full", channels, "orders", details -> Double.valueOf(1.0).equals(details.get("fill")));
            }
            assertThat(probes).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void withDownWhenFailedAFailedReportChannelTurnsTheDemoDown() throws Exception {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(QUICK),
                java.util.stream.Stream.of("--channels.health.down-when=failed")).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class).run(args)) {
            URI health = healthUri(context);
            long deadline = System.nanoTime() + HANG.toNanos();
            HttpResponse<String> response = probe(health);
            while (response.statusCode() == 200) {
                if (System.nanoTime() > deadline) {
                    fail("no probe saw the demo DOWN; the last answer: " + response.body());
                }
                response = probe(health);
            }
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("DOWN");
            assertThat(JsonPath.<String>read(response.body(), "$.components.channels.components.reports.status")).isEqualTo("DOWN");
            assertThat(JsonPath.<String>read(response.body(), "$.components.channels.components.reports.details.state"))
                    .isEqualTo("failed");
            assertThat(JsonPath.<String>read(response.body(), "$.components.channels.components.reports.details.failure"))
                    .contains("report store unavailable");
            assertThat(JsonPath.<String>read(response.body(), "$.components.channels.components.orders.status")).isEqualTo("UP");
        }
    }

    private HttpResponse<String> probe(URI health) throws Exception {
        return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI healthUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + "/actuator/health");
    }

    @SuppressWarnings("unchecked")
    private static void note(List<String> seen, String event, Map<String, Object> channels, String channel,
            Predicate<Map<String, Object>> happened) {
        if (!seen.contains(event) && channels.get(channel) instanceof Map<?, ?> component
                && component.get("details") instanceof Map<?, ?> details && happened.test((Map<String, Object>) details)) {
            seen.add(event);
        }
    }
}
