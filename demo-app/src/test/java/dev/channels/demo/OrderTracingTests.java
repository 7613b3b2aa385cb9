package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo as configured (channels.observation on, OpenTelemetry tracing, the logging pattern), load generator off,
 * spans recorded instead of sent to Zipkin: one {@code POST /orders} makes one trace through
 * validation, payments and notifications, each stage's span the child of the one before, and the
 * log lines of every stage carry the trace id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "demo.load.enabled=false", "demo.validation.latency=0ms", "demo.payments.charge-latency=1ms",
        "demo.payments.per-order-latency=0ms", "demo.payments.batch-timeout=20ms",
        "management.tracing.export.zipkin.enabled=false",
        "logging.level.dev.channels.demo=debug" })
@AutoConfigureRestTestClient
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
class OrderTracingTests {
    @TestConfiguration
    static class Recording {
        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }
    }

    /** Every span the demo ends, as OpenTelemetry's SDK ends it (Boot adds span processor beans to it). */
    static class RecordedSpans implements SpanProcessor {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            spans.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        List<SpanData> named(String name, String traceId) {
            return spans.stream().filter(s -> name.equals(s.getName()) && traceId.equals(s.getTraceId())).toList();
        }
    }

    private static String tag(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Autowired
    RestTestClient client;

    @Autowired
    RecordedSpans recorded;

    @Test
    void oneTraceRunsFromThePostThroughValidationPaymentsAndNotifications(CapturedOutput output) {
        String receipt = client.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .body("{\"customer\":\"ada\",\"sku\":\"book-17\",\"quantity\":2,\"unitPriceCents\":1500}")
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        long id = JsonMapper.builder().build().readTree(receipt).get("id").asLong();

        SpanData request = await().atMost(Duration.ofSeconds(30)).until(() -> recorded.spans.stream()
                .filter(s -> "http post /orders".equals(s.getName())).reduce((a, b) -> b).orElse(null), s -> s != null);
        String trace = request.getTraceId();
        // Each span is recorded when it ends; the payment's ends after its notification was sent, so
        // the notification's may come first: wait for all three.
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded.named("orders receive", trace).size() == 1
                && recorded.named("payments settle", trace).size() == 1
                && recorded.named("notifications receive", trace).size() == 1);

        SpanData validation = recorded.named("orders receive", trace).get(0);
        SpanData payment = recorded.named("payments settle", trace).get(0);
        SpanData notification = recorded.named("notifications receive", trace).get(0);
        assertThat(validation.getParentSpanId()).as("validation is the request's child").isEqualTo(request.getSpanId());
        assertThat(payment.getParentSpanId()).as("the payment, validation's").isEqualTo(validation.getSpanId());
        assertThat(notification.getParentSpanId()).as("the notification, the payment's").isEqualTo(payment.getSpanId());
        assertThat(tag(validation, "channel")).isEqualTo("orders");
        assertThat(tag(notification, "listener")).isEqualTo("notificationSender.send");
        assertThat(tag(notification, "outcome")).isEqualTo("success");

        // Other cached contexts of this suite may still log their own orders with the same ids, so
        // the lines are picked by this trace's id and each stage's line must end exactly as written.
        String marker = "[" + trace + ",";
        List<String> stages = List.of("Order " + id + " is valid", "Order " + id + " paid in batch \\d+",
                "Customer ada notified of order " + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> linesOf(output, marker,
                stages.get(stages.size() - 1)).size() == 1);
        for (String stage : stages) {
            assertThat(linesOf(output, marker, stage)).as(stage).hasSize(1);
        }
    }

    private static List<String> linesOf(CapturedOutput output, String marker, String stage) {
        Pattern ending = Pattern.compile(".*: " + stage + "$");
        return output.getOut().lines().filter(l -> l.contains(marker) && ending.matcher(l).matches()).toList();
    }
}
