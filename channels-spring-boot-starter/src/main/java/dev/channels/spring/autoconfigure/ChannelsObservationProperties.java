package dev.channels.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing and context through channels, under {@code channels.observation}.
 *
 * <pre>{@code
 * channels:
 *   observation:
 *     enabled: true
 * }</pre>
 */
@ConfigurationProperties("channels.observation")
public class ChannelsObservationProperties {
    /**
     * Whether the sender's observation and context-propagation ThreadLocals travel with each value
     * sent on a channel the starter builds, and each listener call is a 'channel.listener'
     * observation, child of the sender's. Off by default: nothing is captured and channels do no
     * interceptor work.
     */
    private boolean enabled;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
