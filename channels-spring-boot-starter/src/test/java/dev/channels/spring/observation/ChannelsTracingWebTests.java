package dev.channels.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * One trace from an HTTP request through two channel hops, in a real application on a random
 * port with Boot's own observation and tracing auto-configuration and a test tracer: the request
 * handler sends to {@code orders}, whose listener sends on to {@code payments}, whose listener
 * finishes. Every span shares the request's trace id, each listener span is the child of the span
 * that sent its value, and each listener sees its own span current.
 */
@SpringBootTest(classes = ChannelsTracingWebTests.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "channels.observation.enabled=true", "channels.instances.orders.capacity=10",
                "channels.instances.payments.capacity=10" })
@AutoConfigureRestTestClient
@AutoConfigureTracing
class ChannelsTracingWebTests {
    @Autowired
    RestTestClient client;

    @Autowired
    SimpleTracer tracer;

    @Autowired
    Stages stages;

    @Test
    void oneTraceRunsFromTheRequestThroughBothHops() {
        client.post().uri("/orders").body("o-1").exchange().expectStatus().isOk();
        // A listener span gets its tags when it ends, just after the listener returned: wait for both ends.
        await().atMost(Duration.ofSeconds(30)).until(() -> stages.paid.size() == 1
                && ended("orders receive").size() == 1 && ended("payments receive").size() == 1);

        SimpleSpan request = tracer.getSpans().stream().filter(span -> span.getName().startsWith("http post"))
                .findFirst().orElseThrow(() -> new AssertionError("no request span in " + tracer.getSpans()));
        SimpleSpan validation = spans("orders receive").get(0);
        SimpleSpan payment = spans("payments receive").get(0);
        assertThat(validation.getTraceId()).isEqualTo(request.getTraceId());
        assertThat(payment.getTraceId()).isEqualTo(request.getTraceId());
        assertThat(validation.getParentId()).as("the first hop's parent is the request").isEqualTo(request.getSpanId());
        assertThat(payment.getParentId()).as("the second hop's parent is the first hop").isEqualTo(validation.getSpanId());
        assertThat(stages.seen).containsExactly("orders " + request.getTraceId() + " " + validation.getSpanId(),
                "payments " + request.getTraceId() + " " + payment.getSpanId());
        assertThat(payment.getTags()).containsEntry("channel", "payments").containsEntry("listener", "payer")
                .containsEntry("outcome", "success");
    }

    private List<SimpleSpan> spans(String name) {
        return tracer.getSpans().stream().filter(span -> name.equals(span.getName())).toList();
    }

    /** The spans named {@code name} that have ended (a test tracer's span is listed from its start). */
    private List<SimpleSpan> ended(String name) {
        return spans(name).stream().filter(span -> !Instant.EPOCH.equals(span.getEndTimestamp())).toList();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        Stages stages(Tracer tracer, @Qualifier("payments") Channel<String> payments) {
            return new Stages(tracer, payments);
        }

        @Bean
        OrdersController ordersController(@Qualifier("orders") Channel<String> orders) {
            return new OrdersController(orders);
        }
    }

    @RestController
    static class OrdersController {
        private final Channel<String> orders;

        OrdersController(Channel<String> orders) {
            this.orders = orders;
        }

        @PostMapping("/orders")
        String create(@RequestBody String order) throws InterruptedException {
            orders.send(order);
            return "accepted";
        }
    }

    /** The two stages: validation forwards to payments, which records that the order was paid. */
    static class Stages {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<String> paid = new CopyOnWriteArrayList<>();
        private final Tracer tracer;
        private final Channel<String> payments;

        Stages(Tracer tracer, Channel<String> payments) {
            this.tracer = tracer;
            this.payments = payments;
        }

        @ChannelListener(channel = "orders", id = "validator")
        void validate(String order) throws InterruptedException {
            record("orders");
            payments.send(order);
        }

        @ChannelListener(channel = "payments", id = "payer")
        void pay(String order) {
            record("payments");
            paid.add(order);
        }

        private void record(String stage) {
            var span = tracer.currentSpan();
            seen.add(stage + " " + (span == null ? "none" : span.context().traceId() + " " + span.context().spanId()));
        }
    }
}
