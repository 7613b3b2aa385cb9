package dev.channels.demo;

import java.time.Duration;

/** The pipeline could not take an order in time; the client gets 503 with Retry-After. */
public class PipelineBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    PipelineBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the client should wait before it tries again.
     *
     * @return the wait
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
