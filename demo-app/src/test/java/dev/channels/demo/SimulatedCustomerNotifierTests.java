package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated notification service fails every n-th call, and a notification at most once. */
class SimulatedCustomerNotifierTests {

    private static SimulatedCustomerNotifier failingEvery(int n) {
        DemoProperties properties = new DemoProperties();
        properties.getNotifications().setLatency(Duration.ZERO);
        properties.getNotifications().setFailEvery(n);
        return new SimulatedCustomerNotifier(properties);
    }

    private static Notification of(long order) {
        return new Notification(order, "ada", "paid");
    }

    @Test
    void everyNthCallFails() throws InterruptedException {
        SimulatedCustomerNotifier notifier = failingEvery(3);
        notifier.send(of(1));
        notifier.send(of(2));
        assertThatThrownBy(() -> notifier.send(of(3))).isInstanceOf(NotificationServiceUnavailableException.class)
                .hasMessageContaining("order 3");
        notifier.send(of(4));
    }

    @Test
    void aRetryGoesThroughEvenWhenItLandsOnAFailingCall() throws InterruptedException {
        // Every call fails, so only the rule "a notification fails at most once" lets the retries through.
        SimulatedCustomerNotifier notifier = failingEvery(1);
        assertThatThrownBy(() -> notifier.send(of(7))).isInstanceOf(NotificationServiceUnavailableException.class);
        assertThatThrownBy(() -> notifier.send(of(8))).isInstanceOf(NotificationServiceUnavailableException.class);
        assertThatCode(() -> notifier.send(of(7))).doesNotThrowAnyException();
        assertThatCode(() -> notifier.send(of(8))).doesNotThrowAnyException();
        // Once sent, a notification of the same order starts afresh.
        assertThatThrownBy(() -> notifier.send(of(7))).isInstanceOf(NotificationServiceUnavailableException.class);
    }

    @Test
    void failEveryZeroNeverFails() {
        SimulatedCustomerNotifier notifier = failingEvery(0);
        for (long order = 1; order <= 20; order++) {
            long id = order;
            assertThatCode(() -> notifier.send(of(id))).doesNotThrowAnyException();
        }
    }
}
