package dev.channels.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.Select;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsObservationAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What travels with a value on an observed channel, and what a listener call makes of it: the
 * call's {@code channel.listener} observation (and span) is the sender's child, a failure is its
 * outcome, the sender's MDC is set inside the call and gone for the next value, a batch call links
 * every value's sender, and plain receive and select callers reach the sender's context.
 */
@ExtendWith(UserMdcPropagation.class)
class ChannelListenerObservationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsObservationAutoConfiguration.class))
            .withUserConfiguration(Tracing.class, Listeners.class)
            .withPropertyValues("channels.observation.enabled=true", "channels.instances.orders.capacity=4",
                    "channels.instances.payments.capacity=10", "channels.instances.plain.capacity=10");

    @Test
    void aListenerCallIsAChildOfTheSendersObservationAndSpan() {
        runner.run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            Observation sender = Observation.start("order.request", registry);
            try (Observation.Scope scope = sender.openScope()) {
                orders(context).send("a");
            }
            sender.stop();
            Listeners listeners = context.getBean(Listeners.class);
            // The call's observation is recorded when it stops, just after the listener returned.
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.calls.size() == 1
                    && listenerContexts(context).size() == 1);

            Observation.Context listenerContext = listenerContexts(context).get(0);
            assertThat(listenerContext.getParentObservation()).isSameAs(sender);
            assertThat(listenerContext.getLowCardinalityKeyValues().stream().map(kv -> kv.getKey() + "=" + kv.getValue()))
                    .containsExactlyInAnyOrder("channel=orders", "listener=" + Listeners.ORDERS_ID, "outcome=success");
            assertThat(listenerContext.getContextualName()).isEqualTo("orders receive");
            Call call = listeners.calls.get(0);
            assertThat(call.observation().getContext()).as("the call's observation is current inside it")
                    .isSameAs(listenerContext);

            SimpleSpan senderSpan = spanNamed(tracer, "order.request");
            SimpleSpan listenerSpan = spanNamed(tracer, "orders receive");
            assertThat(listenerSpan.getTraceId()).isEqualTo(senderSpan.getTraceId());
            assertThat(listenerSpan.getParentId()).isEqualTo(senderSpan.getSpanId());
            assertThat(call.traceId()).isEqualTo(senderSpan.getTraceId());
            assertThat(call.spanId()).as("the span current inside the call").isEqualTo(listenerSpan.getSpanId());
        });
    }

    @Test
    void aFailedCallIsTheObservationsOutcome() {
        runner.run(context -> {
            orders(context).send("fail");
            await().atMost(Duration.ofSeconds(30)).until(() -> !listenerContexts(context).isEmpty()
                    && listenerContexts(context).get(0).getError() != null);
            Observation.Context listenerContext = listenerContexts(context).get(0);
            assertThat(listenerContext.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("failure");
            assertThat(listenerContext.getError()).hasMessage("refused fail");
            assertThat(listenerContext.getParentObservation()).as("sent from no observation: a root").isNull();
        });
    }

    @Test
    void theSendersMdcIsSetInsideTheCallAndDoesNotLeakToTheNextValue() {
        runner.run(context -> {
            MDC.put("user", "alice");
            orders(context).send("a");
            MDC.remove("user");
            orders(context).send("b");
            MDC.put("user", "bob");
            orders(context).send("c");
            Listeners listeners = context.getBean(Listeners.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.calls.size() == 3);
            assertThat(listeners.calls).extracting(Call::value, Call::user)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "alice"),
                            org.assertj.core.groups.Tuple.tuple("b", null), org.assertj.core.groups.Tuple.tuple("c", "bob"));
        });
    }

    @Test
    void aBatchCallIsAChildOfTheFirstSenderAndLinksEveryOtherSendersSpan() throws Exception {
        runner.run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            SimpleTracer tracer = context.getBean(SimpleTracer.class);
            List<Observation> senders = new ArrayList<>();
            for (String payment : List.of("p1", "p2", "p3")) {
                Observation sender = Observation.start("payment.request", registry);
                try (Observation.Scope scope = sender.openScope()) {
                    payments(context).send(payment);
                }
                sender.stop();
                senders.add(sender);
            }
            context.getBean(ChannelListenerRegistry.class).start(Listeners.BATCH_ID);
            Listeners listeners = context.getBean(Listeners.class);
            // The call's observation is recorded when it stops, just after the listener returned.
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.batches.size() == 1
                    && listenerContexts(context).size() == 1);
            assertThat(listeners.batches.get(0)).containsExactly("p1", "p2", "p3");

            ChannelListenerObservationContext batch = (ChannelListenerObservationContext) listenerContexts(context).get(0);
            assertThat(batch.getParentObservation()).isSameAs(senders.get(0));
            assertThat(batch.senderObservations()).containsExactlyElementsOf(senders);
            assertThat(batch.senders()).extracting(SenderContext::channel).containsOnly("payments");
            assertThat(batch.getHighCardinalityKeyValue("channel.batch.senders").getValue()).isEqualTo("3");

            SimpleSpan batchSpan = spanNamed(tracer, "payments receive");
            List<String> senderSpanIds = tracer.getSpans().stream().filter(s -> "payment.request".equals(s.getName()))
                    .map(SimpleSpan::getSpanId).toList();
            assertThat(senderSpanIds).hasSize(3);
            assertThat(batchSpan.getParentId()).isEqualTo(senderSpanIds.get(0));
            assertThat(batchSpan.getLinks()).extracting(Link::getTraceContext).extracting(tc -> tc.spanId())
                    .containsExactly(senderSpanIds.get(1), senderSpanIds.get(2));
        });
    }

    @Test
    void plainReceiveAndSelectCallersReachTheSendersContext() {
        runner.run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Channel<String> plain = plain(context);
            Observation first = Observation.start("first", registry);
            try (Observation.Scope scope = first.openScope()) {
                MDC.put("user", "alice");
                plain.send("a");
            }
            Observation second = Observation.start("second", registry);
            try (Observation.Scope scope = second.openScope()) {
                MDC.put("user", "bob");
                plain.send("b");
                plain.send("c");
            }
            MDC.clear();

            assertThat(plain.receive()).isEqualTo("a");
            assertThat(SenderContext.lastReceived()).map(SenderContext::observation).containsSame(first);
            try (var restored = SenderContext.restoreLastReceived()) {
                assertThat(MDC.get("user")).isEqualTo("alice");
                assertThat(registry.getCurrentObservation()).isSameAs(first);
            }
            assertThat(MDC.get("user")).isNull();
            assertThat(registry.getCurrentObservation()).isNull();

            Observation inHandler = Select.<Observation>fair()
                    .onReceive(plain, v -> SenderContext.lastReceived().map(SenderContext::observation).orElse(null))
                    .await();
            assertThat(inHandler).isSameAs(second);

            SenderContext.clearReceived();
            List<String> batch = new ArrayList<>();
            plain.send("d");
            plain.receiveBatch(batch, 10);
            assertThat(batch).containsExactly("c", "d");
            assertThat(SenderContext.takeReceived()).extracting(SenderContext::observation).containsExactly(second, null);
            assertThat(SenderContext.takeReceived()).as("taken").isEmpty();
        });
    }

    private static List<Observation.Context> listenerContexts(ApplicationContext context) {
        return context.getBean(RecordedObservations.class).named("channel.listener");
    }

    private static SimpleSpan spanNamed(SimpleTracer tracer, String name) {
        return tracer.getSpans().stream().filter(span -> name.equals(span.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + tracer.getSpans()));
    }

    @SuppressWarnings("unchecked")
    private static Channel<String> orders(ApplicationContext context) {
        return context.getBean("orders", Channel.class);
    }

    @SuppressWarnings("unchecked")
    private static Channel<String> payments(ApplicationContext context) {
        return context.getBean("payments", Channel.class);
    }

    @SuppressWarnings("unchecked")
    private static Channel<String> plain(ApplicationContext context) {
        return context.getBean("plain", Channel.class);
    }

    /** A test observation registry whose observations become spans of a {@link SimpleTracer}, as Boot's tracing wires them. */
    @Configuration(proxyBeanMethods = false)
    static class Tracing {
        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        RecordedObservations recordedObservations() {
            return new RecordedObservations();
        }

        @Bean
        ObservationRegistry observationRegistry(SimpleTracer tracer, RecordedObservations recorded) {
            ObservationRegistry registry = RecordedObservations.registry(recorded);
            registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                    new ChannelListenerTracingObservationHandler(tracer), new DefaultTracingObservationHandler(tracer)));
            return registry;
        }
    }

    /** What one listener call saw. */
    record Call(String value, String user, Observation observation, String traceId, String spanId) {
    }

    static class Listeners {
        static final String ORDERS_ID = "orders-listener";
        static final String BATCH_ID = "payments-batch";

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        private final ObservationRegistry registry;
        private final SimpleTracer tracer;

        Listeners(ObservationRegistry registry, SimpleTracer tracer) {
            this.registry = registry;
            this.tracer = tracer;
        }

        @ChannelListener(channel = "orders", id = ORDERS_ID)
        void handle(String order) {
            var span = tracer.currentSpan();
            calls.add(new Call(order, MDC.get("user"), registry.getCurrentObservation(),
                    span == null ? null : span.context().traceId(), span == null ? null : span.context().spanId()));
            if (order.equals("fail")) {
                throw new IllegalStateException("refused " + order);
            }
        }

        @ChannelListener(channel = "payments", id = BATCH_ID, autoStartup = "false", batchSize = 3, batchTimeout = "30s")
        void charge(List<String> batch) {
            batches.add(List.copyOf(batch));
        }
    }
}
