package dev.channels.spring.autoconfigure;

import dev.channels.spring.listener.InvalidChannelListenerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidChannelListenerException} at start-up: which method, what is wrong, what to do. */
class InvalidChannelListenerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidChannelListenerException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidChannelListenerException cause) {
        return new FailureAnalysis("The " + cause.listener() + " cannot be wired: " + cause.problem() + ".",
                cause.action(), cause);
    }
}
