package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.observation.SenderContext;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Traces cross the broker: two applications in this JVM share a topic, each with its own
 * OpenTelemetry tracer (Micrometer Tracing's bridge, Boot's auto-configuration, every span
 * recorded as the SDK ends it). A value sent inside an observation on instance A is handled on
 * instance B in the same trace: A's span, then the record's publication ({@code channel.remote.publish},
 * a producer span) whose context is in the record's {@code traceparent} header, then on B its
 * arrival ({@code channel.remote.consume}, a consumer span) and the listener's
 * {@code channel.listener} span, each the child of the one before; a plain receive on B continues
 * it too. With observation off no header is written; a record whose trace headers are garbage is
 * handled all the same, in a new trace.
 */
class TracingAcrossTheBrokerTests {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aValueSentInsideAnObservationOnOneInstanceIsHandledOnTheOtherInTheSameTrace() throws Exception {
        String topic = EmbeddedBroker.topic("traced", 1);
        try (ConfigurableApplicationContext a = start(Sender.class, "instance-a", topic, true);
                ConfigurableApplicationContext b = start(Listening.class, "instance-b", topic, true)) {
            awaitAssigned(b);
            Order order = new Order("ada", 1);
            sendInside("checkout", a, order);

            Handled handled = b.getBean(Handled.class);
            Awaitility.await().atMost(WAIT).until(() -> !handled.values.isEmpty());
            RecordedSpans spansA = a.getBean(RecordedSpans.class);
            RecordedSpans spansB = b.getBean(RecordedSpans.class);
            SpanData checkout = spansA.awaitOne("checkout");
            SpanData publish = spansA.awaitOne(topic + " publish");
            SpanData consume = spansB.awaitOne(topic + " consume");
            SpanData listener = spansB.awaitOne("orders receive");

            String trace = checkout.getTraceId();
            assertThat(List.of(publish, consume, listener)).as("one trace from A's span to B's listener")
                    .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(trace));
            assertThat(publish.getParentSpanId()).as("the publication is the sender's child").isEqualTo(checkout.getSpanId());
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("topic"))).isEqualTo(topic);
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("channel"))).isEqualTo("orders");
            assertThat(consume.getParentSpanId()).as("B's arrival continues A's publication").isEqualTo(publish.getSpanId());
            assertThat(consume.getParentSpanContext().isRemote()).isTrue();
            assertThat(consume.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(listener.getParentSpanId()).as("the listener call is the arrival's child").isEqualTo(consume.getSpanId());
            assertThat(listener.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("success");
            assertThat(handled.traceIds).as("the listener ran with the trace current").containsExactly(trace);

            ConsumerRecord<String, byte[]> record = readRecord(topic);
            assertThat(header(record, "traceparent")).as("the record's W3C header names the publication")
                    .startsWith("00-" + trace + "-" + publish.getSpanId() + "-"); // then the flags: sampled
        }
    }

    @Test
    void aTimedSendIsPublishedAsTheSendersChildThoughTheProducerTakesItOnAnotherThread() throws Exception {
        String topic = EmbeddedBroker.topic("traced-timed", 1);
        try (ConfigurableApplicationContext a = start(Sender.class, "instance-a", topic, true)) {
            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = a.getBean("orders", KafkaChannel.class);
            ObservationRegistry registry = a.getBean(ObservationRegistry.class);
            Observation.createNotStarted("checkout", registry)
                    .observeChecked(() -> assertThat(orders.send(new Order("cy", 3), WAIT)).isTrue());

            RecordedSpans spans = a.getBean(RecordedSpans.class);
            SpanData checkout = spans.awaitOne("checkout");
            SpanData publish = spans.awaitOne(topic + " publish");
            assertThat(publish.getTraceId()).isEqualTo(checkout.getTraceId());
            assertThat(publish.getParentSpanId()).as("the publication is the timed sender's child").isEqualTo(checkout.getSpanId());
            assertThat(header(readRecord(topic), "traceparent")).startsWith("00-" + checkout.getTraceId() + "-");
        }
    }

    @Test
    void aPlainReceiveOnTheOtherInstanceContinuesTheSendersTrace() throws Exception {
        String topic = EmbeddedBroker.topic("traced-plain", 1);
        try (ConfigurableApplicationContext a = start(Sender.class, "instance-a", topic, true);
                ConfigurableApplicationContext b = start(Sender.class, "instance-b", topic, true)) {
            awaitAssigned(b);
            sendInside("checkout", a, new Order("bob", 2));

            @SuppressWarnings("unchecked")
            KafkaChannel<Order> ordersB = b.getBean("orders", KafkaChannel.class);
            assertThat(ordersB.receive(WAIT)).isEqualTo(new Order("bob", 2));
            SenderContext sender = SenderContext.lastReceived().orElseThrow();
            assertThat(sender.channel()).isEqualTo("orders");
            Tracer tracerB = b.getBean(Tracer.class);
            ObservationRegistry registryB = b.getBean(ObservationRegistry.class);
            String traceInScope;
            try (ContextSnapshot.Scope scope = SenderContext.restoreLastReceived()) {
                Span current = tracerB.currentSpan();
                traceInScope = current == null ? null : current.context().traceId();
                Observation.createNotStarted("handling", registryB).observe(() -> { });
            }
            assertThat(tracerB.currentSpan()).as("the scope's end puts back what the thread had").isNull();

            SpanData checkout = a.getBean(RecordedSpans.class).awaitOne("checkout");
            SpanData consume = b.getBean(RecordedSpans.class).awaitOne(topic + " consume");
            SpanData handling = b.getBean(RecordedSpans.class).awaitOne("handling");
            assertThat(traceInScope).isEqualTo(checkout.getTraceId());
            assertThat(consume.getTraceId()).isEqualTo(checkout.getTraceId());
            assertThat(handling.getParentSpanId()).as("new observations are children of the arrival")
                    .isEqualTo(consume.getSpanId());
            SenderContext.clearReceived();
        }
    }

    @Test
    void withObservationOffARecordCarriesNoTraceHeaders() throws Exception {
        String topic = EmbeddedBroker.topic("untraced", 1);
        try (ConfigurableApplicationContext a = start(Sender.class, "instance-a", topic, false)) {
            assertThat(a.getBeanProvider(KafkaChannelObservation.class).getIfAvailable()).isNull();
            sendInside("checkout", a, new Order("cy", 3));
            assertThat(a.getBean(RecordedSpans.class).awaitOne("checkout").getSpanId())
                    .as("the sender was inside a span").isNotBlank();

            ConsumerRecord<String, byte[]> record = readRecord(topic);
            assertThat(record.headers().toArray()).as("no header at all").isEmpty();
            assertThat(a.getBean(RecordedSpans.class).spans).as("no publication observed")
                    .noneMatch(span -> span.getName().endsWith(" publish"));
        }
    }

    @Test
    void aRecordWithGarbageTraceHeadersIsHandledInANewTraceAndNothingIsLost() throws Exception {
        String topic = EmbeddedBroker.topic("traced-garbage", 1);
        try (ConfigurableApplicationContext b = start(Listening.class, "instance-b", topic, true)) {
            awaitAssigned(b);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.servers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                ProducerRecord<String, String> garbage = new ProducerRecord<>(topic, "dee", "{\"customer\":\"dee\",\"seq\":4}");
                garbage.headers().add("traceparent", "00-not-a-trace-zz".getBytes(StandardCharsets.UTF_8));
                garbage.headers().add("tracestate", new byte[] { (byte) 0xff, 0, (byte) 0xfe });
                garbage.headers().add("b3", "nonsense".getBytes(StandardCharsets.UTF_8));
                garbage.headers().add("baggage", (byte[]) null);
                producer.send(garbage).get();
                producer.send(new ProducerRecord<>(topic, "dee", "{\"customer\":\"dee\",\"seq\":5}")).get();
            }

            Handled handled = b.getBean(Handled.class);
            Awaitility.await().atMost(WAIT).until(() -> handled.values.size() == 2);
            assertThat(handled.values).containsExactly(new Order("dee", 4), new Order("dee", 5));
            RecordedSpans spans = b.getBean(RecordedSpans.class);
            Awaitility.await().atMost(WAIT).until(() -> spans.named("orders receive").size() == 2);
            SpanData first = spans.named(topic + " consume").get(0);
            assertThat(first.getParentSpanContext().isValid()).as("no parent read from garbage: a new trace").isFalse();
            assertThat(spans.named("orders receive").get(0).getParentSpanId()).isEqualTo(first.getSpanId());

            @SuppressWarnings("unchecked")
            KafkaChannel<Order> orders = b.getBean("orders", KafkaChannel.class);
            MeterRegistry meters = b.getBean(MeterRegistry.class);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(meters.get("channel.listener.handled").tags("name", "orders", "outcome", "success").timer()
                        .count()).as("both handled, successfully").isEqualTo(2);
                assertThat(orders.info().lag()).as("both committed").isZero();
            });
            assertThat(orders.info().unreadable()).isZero();
            assertThat(meters.find("channel.listener.handled").tags("outcome", "failure").timer()).satisfiesAnyOf(
                    timer -> assertThat(timer).isNull(), timer -> assertThat(timer.count()).isZero());
        }
    }

    // --- the applications --------------------------------------------------------------------------

    private static ConfigurableApplicationContext start(Class<?> application, String name, String topic,
            boolean observed) {
        return TestApplications.start(application, name, topic, 10,
                "--channels.instances.orders.kafka.group=" + name + "-" + topic,
                "--channels.observation.enabled=" + observed,
                "--management.tracing.sampling.probability=1.0");
    }

    private static void awaitAssigned(ConfigurableApplicationContext context) {
        KafkaChannel<?> orders = context.getBean("orders", KafkaChannel.class);
        Awaitility.await().atMost(WAIT).until(() -> !orders.info().assignedPartitions().isEmpty());
    }

    private static void sendInside(String observationName, ConfigurableApplicationContext context, Order order)
            throws Exception {
        @SuppressWarnings("unchecked")
        KafkaChannel<Order> orders = context.getBean("orders", KafkaChannel.class);
        ObservationRegistry registry = context.getBean(ObservationRegistry.class);
        Observation.createNotStarted(observationName, registry).observeChecked(() -> orders.send(order));
    }

    /** The first record of {@code topic}, read by a consumer of a group of its own. */
    private static ConsumerRecord<String, byte[]> readRecord(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedBroker.servers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return records.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every span this application's OpenTelemetry SDK ends (Boot adds span processor beans to it). */
    static final class RecordedSpans implements SpanProcessor {
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

        List<SpanData> named(String name) {
            return spans.stream().filter(span -> name.equals(span.getName())).toList();
        }

        SpanData awaitOne(String name) {
            Awaitility.await().atMost(WAIT).until(() -> !named(name).isEmpty());
            assertThat(named(name)).as("spans named '%s'", name).hasSize(1);
            return named(name).get(0);
        }
    }

    /** What the listener handled, and the trace current while it did. */
    static final class Handled {
        final ConcurrentLinkedQueue<Order> values = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> traceIds = new ConcurrentLinkedQueue<>();
        private final ObjectProvider<Tracer> tracer;

        Handled(ObjectProvider<Tracer> tracer) {
            this.tracer = tracer;
        }

        @ChannelListener(channel = "orders")
        void handle(Order order) {
            Span current = tracer.getObject().currentSpan();
            traceIds.add(current == null ? "none" : current.context().traceId());
            values.add(order);
        }
    }

    /** An application with every auto-configuration there is (tracing too), that only sends. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Sender {
        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }
    }

    /** The same, with a listener on {@code orders}. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Listening {
        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }

        @Bean
        Handled handled(ObjectProvider<Tracer> tracer) {
            return new Handled(tracer);
        }
    }
}
