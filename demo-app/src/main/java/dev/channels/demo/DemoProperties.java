package dev.channels.demo;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo's own settings, under {@code demo}; the channels themselves are under {@code channels}. */
@ConfigurationProperties("demo")
public class DemoProperties {
    private final Intake intake = new Intake();
    private final Validation validation = new Validation();
    private final Payments payments = new Payments();
    private final Notifications notifications = new Notifications();
    private final Reports reports = new Reports();
    private final Load load = new Load();

    public Intake getIntake() {
        return intake;
    }

    public Validation getValidation() {
        return validation;
    }

    public Payments getPayments() {
        return payments;
    }

    public Notifications getNotifications() {
        return notifications;
    }

    public Reports getReports() {
        return reports;
    }

    public Load getLoad() {
        return load;
    }

    /** Taking orders in. */
    public static class Intake {
        /** How long an order may wait for room in the 'orders' channel before the client gets 503. */
        private Duration timeout = Duration.ofMillis(250);

        /** What a 503 answer tells the client to wait (Retry-After, in whole seconds). */
        private Duration retryAfter = Duration.ofSeconds(1);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getRetryAfter() {
            return retryAfter;
        }

        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }
    }

    /** The validation workers. */
    public static class Validation {
        /** Simulated time each check takes. */
        private Duration latency = Duration.ofMillis(2);

        /** Orders whose total exceeds this many cents are rejected. */
        private long creditLimitCents = 500_000;

        /** SKUs that are no longer sold; orders for them are rejected. */
        private Set<String> discontinued = new LinkedHashSet<>(Set.of("retired-widget"));

        public Duration getLatency() {
            return latency;
        }

        public void setLatency(Duration latency) {
            this.latency = latency;
        }

        public long getCreditLimitCents() {
            return creditLimitCents;
        }

        public void setCreditLimitCents(long creditLimitCents) {
            this.creditLimitCents = creditLimitCents;
        }

        public Set<String> getDiscontinued() {
            return discontinued;
        }

        public void setDiscontinued(Set<String> discontinued) {
            this.discontinued = discontinued;
        }
    }

    /** The payment stage, which charges orders in batches. */
    public static class Payments {
        /** How long a batch waits for more orders after its first before it is charged anyway. */
        private Duration batchTimeout = Duration.ofMillis(100);

        /** Simulated time of one charge call, whatever the batch's size. */
        private Duration chargeLatency = Duration.ofMillis(40);

        /** Simulated extra time per order in a batch. */
        private Duration perOrderLatency = Duration.ofMillis(2);

        public Duration getBatchTimeout() {
            return batchTimeout;
        }

        public void setBatchTimeout(Duration batchTimeout) {
            this.batchTimeout = batchTimeout;
        }

        public Duration getChargeLatency() {
            return chargeLatency;
        }

        public void setChargeLatency(Duration chargeLatency) {
            this.chargeLatency = chargeLatency;
        }

        public Duration getPerOrderLatency() {
            return perOrderLatency;
        }

        public void setPerOrderLatency(Duration perOrderLatency) {
            this.perOrderLatency = perOrderLatency;
        }
    }

    /** Customer notifications. */
    public static class Notifications {
        /** Simulated time to notify one customer. */
        private Duration latency = Duration.ofMillis(10);

        /** Every n-th call to the notification service fails, as a flaky service does, and is retried; a notification fails at most once (0: never). */
        private int failEvery = 0;

        public Duration getLatency() {
            return latency;
        }

        public void setLatency(Duration latency) {
            this.latency = latency;
        }

        public int getFailEvery() {
            return failEvery;
        }

        public void setFailEvery(int failEvery) {
            this.failEvery = failEvery;
        }
    }

    /** Settlement reports: one 'reports' channel per period, closed (or failed) at its end. */
    public static class Reports {
        /** Whether reports are written at all. */
        private boolean enabled = true;

        /** How long one report collects settlements before its channel is closed. */
        private Duration period = Duration.ofSeconds(20);

        /** How long a finished report's closed channel stays registered, so that scrapes see it closed. */
        private Duration linger = Duration.ofSeconds(10);

        /** Every n-th report fails instead of closing normally (0: never). */
        private int failEvery = 3;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public int getFailEvery() {
            return failEvery;
        }

        public void setFailEvery(int failEvery) {
            this.failEvery = failEvery;
        }
    }

    /** The built-in load generator. */
    public static class Load {
        /** Whether the application feeds itself orders. */
        private boolean enabled = true;

        /** Steady orders per second. */
        private int rate = 20;

        /** How often a burst comes. */
        private Duration burstEvery = Duration.ofSeconds(20);

        /** Orders in one burst (0: no bursts). */
        private int burstSize = 500;

        /** Concurrent clients that send a burst. */
        private int burstClients = 100;

        /** Every n-th generated order is one that validation rejects (0: none). */
        private int invalidEvery = 100;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getRate() {
            return rate;
        }

        public void setRate(int rate) {
            this.rate = rate;
        }

        public Duration getBurstEvery() {
            return burstEvery;
        }

        public void setBurstEvery(Duration burstEvery) {
            this.burstEvery = burstEvery;
        }

        public int getBurstSize() {
            return burstSize;
        }

        public void setBurstSize(int burstSize) {
            this.burstSize = burstSize;
        }

        public int getBurstClients() {
            return burstClients;
        }

        public void setBurstClients(int burstClients) {
            this.burstClients = burstClients;
        }

        public int getInvalidEvery() {
            return invalidEvery;
        }

        public void setInvalidEvery(int invalidEvery) {
            this.invalidEvery = invalidEvery;
        }
    }
}
