package dev.channels.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.channels.spring.observation.SenderContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaChannelObservation} with a plain observation registry and handlers that play the
 * tracer's propagator: the publication is the sender's child and its carrier is the record (what
 * the propagator writes lands in the headers, once per key); the arrival reads the headers and
 * becomes the value's {@link SenderContext}; a handler that throws fails neither a send nor a
 * receive, and the value then goes without its trace.
 */
class KafkaChannelObservationTests {
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void forget() {
        SenderContext.clearReceived();
    }

    @Test
    void thePublicationIsTheSendersChildAndWhatThePropagatorWritesIsInTheRecordsHeaders() {
        registry.observationConfig().observationHandler(new Propagating());
        KafkaChannelObservation tracing = new KafkaChannelObservation(registry);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("shop.orders", "ada", new byte[0]);
        Observation sender = Observation.start("checkout", registry);
        RecordTracing.Publication publication;
        try (Observation.Scope scope = sender.openScope()) {
            publication = tracing.publishing("orders", record);
        }
        publication.ended(null);

        PublishContext context = only(PublishContext.class);
        assertThat(context.getName()).isEqualTo(KafkaChannelObservation.PUBLISH);
        assertThat(context.getContextualName()).isEqualTo("shop.orders publish");
        assertThat(context.getLowCardinalityKeyValue("channel").getValue()).isEqualTo("orders");
        assertThat(context.getLowCardinalityKeyValue("topic").getValue()).isEqualTo("shop.orders");
        assertThat(context.getParentObservation()).isSameAs(sender);
        assertThat(record.headers().headers("traceparent")).as("written once").hasSize(1);
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo("from checkout");
        assertThat(stopped(context)).isTrue();
    }

    @Test
    void aFailedPublicationIsObservedWithItsError() {
        registry.observationConfig().observationHandler(new Propagating());
        KafkaChannelObservation tracing = new KafkaChannelObservation(registry);
        tracing.publishing("orders", new ProducerRecord<>("orders", null, new byte[0]))
                .ended(new IllegalStateException("broker said no"));
        assertThat(only(PublishContext.class).getError()).hasMessage("broker said no");
    }

    @Test
    void theArrivalReadsTheHeadersAndBecomesTheValuesSenderContext() {
        registry.observationConfig().observationHandler(new Propagating());
        KafkaChannelObservation tracing = new KafkaChannelObservation(registry);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "from elsewhere".getBytes(StandardCharsets.UTF_8));
        Order value = new Order("ada", 1);

        tracing.handedOut("orders", "shop.orders", value, headers);

        ConsumeContext context = only(ConsumeContext.class);
        assertThat(context.getName()).isEqualTo(KafkaChannelObservation.CONSUME);
        assertThat(context.getContextualName()).isEqualTo("shop.orders consume");
        String read = context.get(String.class);
        assertThat(read).as("what the propagator read").isEqualTo("from elsewhere");
        SenderContext sender = SenderContext.lastReceived().orElseThrow();
        assertThat(sender.channel()).isEqualTo("orders");
        assertThat(sender.observation().getContext()).isSameAs(context);
        assertThat(registry.getCurrentObservation()).isNull();
        try (var scope = SenderContext.restoreLastReceived()) {
            assertThat(registry.getCurrentObservation()).as("restoring makes the arrival current")
                    .isSameAs(sender.observation());
        }
        assertThat(registry.getCurrentObservation()).isNull();
    }

    @Test
    void aHandlerThatThrowsFailsNeitherASendNorAReceiveAndTheValueGoesWithoutItsTrace() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                throw new IllegalArgumentException("unreadable trace");
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        KafkaChannelObservation tracing = new KafkaChannelObservation(registry);
        assertThatNoException().isThrownBy(() -> tracing.publishing("orders",
                new ProducerRecord<>("orders", null, new byte[0])).ended(null));
        assertThatNoException().isThrownBy(() -> tracing.handedOut("orders", "orders", new Order("b", 2),
                new RecordHeaders()));
        assertThat(SenderContext.lastReceived()).isEmpty();
    }

    @Test
    void aRegistryWithoutHandlersCarriesNothing() {
        assertThat(new KafkaChannelObservation(ObservationRegistry.NOOP).active()).isFalse();
        assertThat(new KafkaChannelObservation(registry).active()).as("no handler yet").isFalse();
        registry.observationConfig().observationHandler(new Propagating());
        assertThat(new KafkaChannelObservation(registry).active()).isTrue();
    }

    private <C extends Observation.Context> C only(Class<C> type) {
        List<C> found = started.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static boolean stopped(Observation.Context context) {
        return Boolean.TRUE.equals(context.get("stopped"));
    }

    /** Plays a tracer's propagating handlers: writes a header on sending, reads it on receiving. */
    private final class Propagating implements ObservationHandler<Observation.Context> {
        @Override
        public void onStart(Observation.Context context) {
            started.add(context);
            if (context instanceof io.micrometer.observation.transport.SenderContext<?> sender) {
                write(sender, "traceparent", "from " + (context.getParentObservation() == null ? "nowhere"
                        : context.getParentObservation().getContextView().getName()));
            } else if (context instanceof ReceiverContext<?> receiver) {
                String read = read(receiver, "traceparent");
                if (read != null) {
                    context.put(String.class, read);
                }
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            context.put("stopped", true);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        private static <C> void write(io.micrometer.observation.transport.SenderContext<C> sender, String key, String value) {
            sender.getSetter().set(sender.getCarrier(), key, value);
            sender.getSetter().set(sender.getCarrier(), key, value); // a propagator writing twice leaves one header
        }

        private static <C> String read(ReceiverContext<C> receiver, String key) {
            return receiver.getGetter().get(receiver.getCarrier(), key);
        }
    }
}
