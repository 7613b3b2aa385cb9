package dev.channels.spring.listener.error;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a listener is called with a value that fails, and how long it waits in between:
 * {@code maxAttempts} calls in all, the first wait {@code backoff}, each next one
 * {@code multiplier} times longer, at most {@code maxBackoff}. The containers run the attempts
 * with Spring Framework's {@link org.springframework.core.retry.RetryTemplate} and time them with
 * its {@link org.springframework.util.backoff.ExponentialBackOff}.
 *
 * <p>From YAML: {@code channels.defaults.listener.retry.*}, and per channel
 * {@code channels.instances.<name>.listener.retry.*}.
 *
 * @param maxAttempts calls in all, 1 or more; 1 is no retry
 * @param backoff the first wait, zero or more
 * @param multiplier each wait is this many times the one before, 1.0 or more
 * @param maxBackoff the longest wait, at least {@code backoff}
 */
public record RetrySettings(int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
    /** No retry: each value gets one attempt. */
    public static final RetrySettings NONE = new RetrySettings(1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(30));

    /**
     * Checks the components; each problem names the component and the value.
     *
     * @param maxAttempts see the record description
     * @param backoff see the record description
     * @param multiplier see the record description
     * @param maxBackoff see the record description
     * @throws IllegalArgumentException if a component is out of range
     */
    public RetrySettings {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        String problem = firstProblem(maxAttempts, backoff, multiplier, maxBackoff);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Whether a failed value is tried again.
     *
     * @return true if {@code maxAttempts} is more than 1
     */
    public boolean retries() {
        return maxAttempts > 1;
    }

    /**
     * What is wrong with {@code value} as a number of attempts, or null: the one range check of
     * {@code max-attempts}, used here and by the configuration properties.
     *
     * @param value the attempts
     * @return the problem, or null
     */
    public static String maxAttemptsProblem(int value) {
        return value >= 1 ? null : "max-attempts is " + value + "; it must be 1 or more (1: no retry)";
    }

    /**
     * What is wrong with {@code value} as the first back-off, or null.
     *
     * @param value the back-off
     * @return the problem, or null
     */
    public static String backoffProblem(Duration value) {
        return value != null && !value.isNegative() ? null : "backoff is " + value + "; it must be zero or more";
    }

    /**
     * What is wrong with {@code value} as the multiplier, or null.
     *
     * @param value the multiplier
     * @return the problem, or null
     */
    public static String multiplierProblem(double value) {
        return value >= 1.0 && Double.isFinite(value) ? null
                : "multiplier is " + value + "; it must be 1.0 or more (1.0: every wait as long as the first)";
    }

    /**
     * What is wrong with {@code value} as the longest back-off, given the first, or null.
     *
     * @param value the longest back-off
     * @param backoff the first back-off
     * @return the problem, or null
     */
    public static String maxBackoffProblem(Duration value, Duration backoff) {
        if (value == null || value.isNegative()) {
            return "max-backoff is " + value + "; it must be zero or more";
        }
        if (backoff != null && value.compareTo(backoff) < 0) {
            return "max-backoff is " + value + ", shorter than the first backoff (" + backoff + "); it must be at least that";
        }
        return null;
    }

    private static String firstProblem(int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
        String problem = maxAttemptsProblem(maxAttempts);
        if (problem == null) {
            problem = backoffProblem(backoff);
        }
        if (problem == null) {
            problem = multiplierProblem(multiplier);
        }
        if (problem == null) {
            problem = maxBackoffProblem(maxBackoff, backoff);
        }
        return problem;
    }
}
