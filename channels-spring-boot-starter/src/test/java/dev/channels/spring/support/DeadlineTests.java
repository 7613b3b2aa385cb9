package dev.channels.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The time left to a deadline: never negative, never more than given, and no overflow for a timeout of centuries. */
class DeadlineTests {
    @Test
    void theTimeLeftIsNeverMoreThanTheTimeoutAndGoesDown() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofMinutes(10));
        Duration first = deadline.left();
        Thread.sleep(2);

        assertThat(first).isLessThanOrEqualTo(Duration.ofMinutes(10)).isPositive();
        assertThat(deadline.left()).isLessThan(first);
        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.elapsed()).isPositive();
    }

    @Test
    void aPassedDeadlineHasNothingLeftNotANegativeTime() throws InterruptedException {
        Deadline zero = Deadline.after(Duration.ZERO);
        Deadline negative = Deadline.after(Duration.ofSeconds(-5));
        Deadline short_ = Deadline.after(Duration.ofNanos(1));
        Thread.sleep(1);

        assertThat(zero.left()).isZero();
        assertThat(negative.left()).isZero();
        assertThat(short_.left()).isZero();
        assertThat(short_.passed()).isTrue();
    }

    @Test
    void aTimeoutTooLongForNanosecondsNeverPasses() {
        Deadline forever = Deadline.after(ChronoUnit.FOREVER.getDuration());

        assertThat(forever.passed()).isFalse();
        assertThat(forever.left()).isGreaterThan(Duration.ofDays(365 * 200));
    }
}
