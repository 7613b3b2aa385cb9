package dev.channels.spring.observation;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * For tests of what travels with a value: registers the MDC entry {@code user} with
 * context-propagation for the test class, and after each test clears the MDC and the thread's
 * received sender context, so that no test sees another's.
 */
final class UserMdcPropagation implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("user"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        MDC.clear();
        SenderContext.clearReceived();
    }
}
