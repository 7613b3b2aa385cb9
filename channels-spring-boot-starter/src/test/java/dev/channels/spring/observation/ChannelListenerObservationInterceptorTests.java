package dev.channels.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.spring.listener.ListenerInvocation;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * {@link ChannelListenerObservationInterceptor} on one thread, step by step: what the channel's
 * interceptor recorded on receiving is found for the call's values, the sender's ThreadLocals are
 * set for the call only, and the thread has exactly its own again afterwards, whatever the call did.
 */
@ExtendWith(UserMdcPropagation.class)
class ChannelListenerObservationInterceptorTests {
    private final RecordedObservations recorded = new RecordedObservations();
    private final ObservationRegistry registry = RecordedObservations.registry(recorded);
    private final ChannelObservationInterceptor channel = new ChannelObservationInterceptor("orders", registry,
            ContextSnapshotFactory.builder().clearMissing(true).build());
    private final ChannelListenerObservationInterceptor listener = new ChannelListenerObservationInterceptor(registry, null);

    /** Sends {@code value} as a sender with {@code user} in its MDC and {@code observation} current would. */
    private Object sent(String value, String user, Observation observation) {
        Object attachment;
        if (user != null) {
            MDC.put("user", user);
        }
        if (observation != null) {
            try (Observation.Scope scope = observation.openScope()) {
                attachment = channel.onSend(value);
            }
        } else {
            attachment = channel.onSend(value);
        }
        MDC.clear();
        return attachment;
    }

    @Test
    void theSendersThreadLocalsAreSetForTheCallOnlyAndTheThreadsOwnArePutBack() throws Exception {
        Observation sender = Observation.start("sender", registry);
        Object attachment = sent("a", "alice", sender);
        MDC.put("user", "listener-thread"); // what the listener's thread had of its own
        channel.onReceive("a", attachment);
        List<String> inside = new ArrayList<>();
        listener.intercept(invocation("a", () -> {
            inside.add(MDC.get("user"));
            inside.add(registry.getCurrentObservation().getContext().getName());
            inside.add(String.valueOf(registry.getCurrentObservation().getContextView().getParentObservation() == sender));
        }));
        assertThat(inside).containsExactly("alice", "channel.listener", "true");
        assertThat(MDC.get("user")).isEqualTo("listener-thread");
        assertThat(registry.getCurrentObservation()).isNull();
        assertThat(SenderContext.lastReceived()).as("the call took what the thread had received").isEmpty();
    }

    @Test
    void aValueWithoutTheEntryClearsItForTheCallAndAFailureRestoresAllTheSame() {
        Object attachment = sent("a", null, null);
        MDC.put("user", "listener-thread");
        channel.onReceive("a", attachment);
        List<String> inside = new ArrayList<>();
        assertThatThrownBy(() -> listener.intercept(invocation("a", () -> {
            inside.add(String.valueOf(MDC.get("user")));
            throw new IllegalStateException("failed");
        }))).hasMessage("failed");
        assertThat(inside).containsExactly("null");
        assertThat(MDC.get("user")).isEqualTo("listener-thread");
        assertThat(registry.getCurrentObservation()).isNull();
        assertThat(recorded.named("channel.listener")).singleElement().satisfies(context -> {
            assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("failure");
            assertThat(context.getError()).hasMessage("failed");
        });
    }

    @Test
    void aValueFromNoObservedChannelIsARootCallWithNothingRestored() throws Exception {
        MDC.put("user", "listener-thread");
        List<String> inside = new ArrayList<>();
        listener.intercept(invocation("a", () -> inside.add(MDC.get("user"))));
        assertThat(inside).containsExactly("listener-thread");
        assertThat(recorded.named("channel.listener")).singleElement()
                .satisfies(context -> assertThat(context.getParentObservation()).isNull());
    }

    @Test
    void aBatchFindsEachValuesSenderByIdentityEvenWhenValuesAreEqual() throws Exception {
        Observation one = Observation.start("one", registry);
        Observation two = Observation.start("two", registry);
        String first = new String("same");
        String second = new String("same");
        Object a = sent(first, "alice", one);
        Object b = sent(second, "bob", two);
        channel.onReceive(second, b);
        channel.onReceive(first, a);
        List<SenderContext> found = ReceivedContexts.takeFor(List.of(first, second));
        assertThat(found).extracting(SenderContext::observation).containsExactly(one, two);
    }

    @Test
    void theThreadKeepsABoundedNumberOfContexts() {
        for (int i = 0; i < ReceivedContexts.KEPT + 10; i++) {
            channel.onReceive("v" + i, sent("v" + i, "u", null));
        }
        assertThat(SenderContext.takeReceived()).hasSize(ReceivedContexts.KEPT);
    }

    @Test
    void aValueFromAnotherProcessBringsItsArrivalAsTheParentAndLeavesTheThreadsOwnThreadLocals() throws Exception {
        MDC.put("user", "listener-thread");
        Observation arrival = Observation.start("arrival", registry); // what a remote channel makes from the record's headers
        SenderContext recorded = SenderContext.receivedFromAnotherProcess("orders", "a", arrival);
        arrival.stop();
        assertThat(SenderContext.lastReceived()).containsSame(recorded);
        assertThat(recorded.observation()).isSameAs(arrival);
        assertThat(registry.getCurrentObservation()).as("recording leaves nothing current").isNull();

        try (var scope = SenderContext.restoreLastReceived()) {
            assertThat(registry.getCurrentObservation()).as("a plain receive restores the arrival").isSameAs(arrival);
            assertThat(MDC.get("user")).as("and nothing else").isEqualTo("listener-thread");
        }
        assertThat(registry.getCurrentObservation()).isNull();

        List<String> inside = new ArrayList<>();
        listener.intercept(invocation("a", () -> {
            inside.add(MDC.get("user"));
            inside.add(String.valueOf(registry.getCurrentObservation().getContextView().getParentObservation() == arrival));
        }));
        assertThat(inside).as("the listener call is the arrival's child; the thread's MDC stays").containsExactly(
                "listener-thread", "true");
        assertThat(MDC.get("user")).isEqualTo("listener-thread");
    }

    private static ListenerInvocation invocation(Object value, Body body) {
        return new ListenerInvocation() {
            @Override
            public String listenerId() {
                return "listener";
            }

            @Override
            public String channelName() {
                return "orders";
            }

            @Override
            public Object payload() {
                return value;
            }

            @Override
            public List<?> values() {
                return List.of(value);
            }

            @Override
            public boolean batch() {
                return false;
            }

            @Override
            public void proceed() throws Exception {
                body.run();
            }
        };
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }
}
